package ai.pretrain.augment;

import ai.pretrain.plugin.Augmentation;

/** The built-in augmentations' shared parts: a name, a default strength, and clipping to the pixel range. */
public abstract class ImageAugmentation implements Augmentation {

  private final String name;
  private final double defaultMagnitude;

  ImageAugmentation(String name, double defaultMagnitude) {
    this.name = name;
    this.defaultMagnitude = defaultMagnitude;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double defaultMagnitude() {
    return defaultMagnitude;
  }

  static float clip(float pixel) {
    return Math.min(1f, Math.max(0f, pixel));
  }
}
