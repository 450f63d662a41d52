package ai.pretrain.augment;

import ai.pretrain.plugin.Augmentation;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.spec.AugmentationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fine-tune spec's augmentations, resolved to plugins, applied in order to the images of one batch. Each image
 * draws its own choices from the batch's generator, so a seeded run sees the same augmented batches every time.
 */
public final class AugmentationPipeline {

  private record Step(Augmentation augmentation, double magnitude, double probability) {}

  private final List<Step> steps;
  private final int height;
  private final int width;

  private AugmentationPipeline(List<Step> steps, int height, int width) {
    this.steps = steps;
    this.height = height;
    this.width = width;
  }

  /** The spec's augmentations for images of {@code height x width}; unknown names are refused with the known ones. */
  public static AugmentationPipeline of(List<AugmentationSpec> specs, int height, int width, PluginRegistry plugins) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      AugmentationSpec spec = specs.get(i);
      Augmentation augmentation =
          plugins.get(Augmentation.KIND, spec.name(), "fineTune.augmentations[" + i + "].name");
      double magnitude = spec.magnitude() != null ? spec.magnitude() : augmentation.defaultMagnitude();
      steps.add(new Step(augmentation, magnitude, spec.probability()));
    }
    if (!steps.isEmpty() && height * width == 0) {
      throw new IllegalArgumentException("fineTune.augmentations: the dataset is not images; remove them");
    }
    return new AugmentationPipeline(List.copyOf(steps), height, width);
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Augments {@code count} images stored back to back in {@code batch}, in place. */
  public void apply(float[] batch, int count, Random random) {
    int pixels = height * width;
    float[] image = new float[pixels];
    for (int i = 0; i < count; i++) {
      System.arraycopy(batch, i * pixels, image, 0, pixels);
      for (Step step : steps) {
        if (random.nextDouble() < step.probability()) {
          step.augmentation().apply(image, height, width, step.magnitude(), random);
        }
      }
      System.arraycopy(image, 0, batch, i * pixels, pixels);
    }
  }
}
