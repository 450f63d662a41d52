package ai.pretrain.plugin;

import java.util.Random;

/**
 * A label-preserving random change to one training image, applied afresh each time the image is drawn into a batch.
 * Implementations draw every random choice from {@code random}, so a seeded run augments identically.
 */
public interface Augmentation extends Plugin {

  PluginKind<Augmentation> KIND = new PluginKind<>(Augmentation.class, "augmentation");

  /** The strength used when the spec gives none. */
  double defaultMagnitude();

  /**
   * Changes {@code image} (row-major {@code height x width} pixels in [0, 1]) in place; {@code magnitude} is the
   * augmentation's own strength unit, documented in its {@link #summary()}.
   */
  void apply(float[] image, int height, int width, double magnitude, Random random);
}
