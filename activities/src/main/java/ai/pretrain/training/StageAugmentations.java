package ai.pretrain.training;

import ai.pretrain.augment.AugmentationPipeline;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.spec.AugmentationSpec;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** A stage's augmentations for the prepared images' geometry; one this worker cannot apply fails the stage for good. */
final class StageAugmentations {

  private StageAugmentations() {}

  /** The augmentations at spec {@code field} for images of {@code images}' geometry. */
  static AugmentationPipeline of(List<AugmentationSpec> augmentations, String field, ImageGeometry images) {
    try {
      return AugmentationPipeline.of(augmentations, field, images.height(), images.width(), images.channels(),
          PluginRegistry.installed());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidAugmentation");
    }
  }
}
