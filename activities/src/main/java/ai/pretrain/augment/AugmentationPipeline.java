package ai.pretrain.augment;

import ai.pretrain.plugin.Augmentation;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.spec.AugmentationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A spec's augmentations (fine-tuning's, or contrastive pretraining's views), resolved to plugins, applied in order to
 * the images of one batch. Each image draws its own choices from the batch's generator, so a seeded run sees the same
 * augmented batches every time; the channel planes of a colour image share their image's draws.
 */
public final class AugmentationPipeline {

  private record Step(Augmentation augmentation, double magnitude, double probability) {}

  private final List<Step> steps;
  private final int height;
  private final int width;
  private final int channels;

  private AugmentationPipeline(List<Step> steps, int height, int width, int channels) {
    this.steps = steps;
    this.height = height;
    this.width = width;
    this.channels = channels;
  }

  /** The spec's augmentations for images of {@code height x width}; unknown names are refused with the known ones. */
  public static AugmentationPipeline of(List<AugmentationSpec> specs, int height, int width, PluginRegistry plugins) {
    return of(specs, "fineTune.augmentations", height, width, 1, plugins);
  }

  /**
   * The augmentations at spec {@code field} for images of {@code channels} planes of {@code height x width}; unknown
   * names are refused with the known ones.
   */
  public static AugmentationPipeline of(List<AugmentationSpec> specs, String field, int height, int width,
      int channels, PluginRegistry plugins) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      AugmentationSpec spec = specs.get(i);
      Augmentation augmentation = plugins.get(Augmentation.KIND, spec.name(), field + "[" + i + "].name");
      double magnitude = spec.magnitude() != null ? spec.magnitude() : augmentation.defaultMagnitude();
      steps.add(new Step(augmentation, magnitude, spec.probability()));
    }
    if (!steps.isEmpty() && height * width == 0) {
      throw new IllegalArgumentException(field + ": the dataset is not images; remove them");
    }
    return new AugmentationPipeline(List.copyOf(steps), height, width, channels);
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Augments {@code count} images stored back to back in {@code batch} (planes of each channel in turn), in place. */
  public void apply(float[] batch, int count, Random random) {
    apply(batch, 0, count, random);
  }

  /** As {@link #apply(float[], int, Random)}, for the {@code count} images from image {@code first} on. */
  public void apply(float[] batch, int first, int count, Random random) {
    int pixels = height * width;
    float[] plane = new float[pixels];
    for (int i = first; i < first + count; i++) {
      // one generator per image, replayed for each of its planes, so every channel moves the same way
      long imageSeed = channels == 1 ? 0 : random.nextLong();
      for (int c = 0; c < channels; c++) {
        Random draws = channels == 1 ? random : new Random(imageSeed);
        int offset = (i * channels + c) * pixels;
        System.arraycopy(batch, offset, plane, 0, pixels);
        for (Step step : steps) {
          if (draws.nextDouble() < step.probability()) {
            step.augmentation().apply(plane, height, width, step.magnitude(), draws);
          }
        }
        System.arraycopy(plane, 0, batch, offset, pixels);
      }
    }
  }
}
