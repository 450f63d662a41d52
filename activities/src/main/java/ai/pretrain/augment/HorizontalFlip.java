package ai.pretrain.augment;

import java.util.Random;

/** Mirrors the image left to right (magnitude unused). */
public final class HorizontalFlip extends ImageAugmentation {

  public HorizontalFlip() {
    super("flip", 0);
  }

  @Override
  public String summary() {
    return "Mirrors the image left to right (magnitude unused).";
  }

  @Override
  public void apply(float[] image, int height, int width, double magnitude, Random random) {
    for (int y = 0; y < height; y++) {
      for (int left = y * width, right = left + width - 1; left < right; left++, right--) {
        float pixel = image[left];
        image[left] = image[right];
        image[right] = pixel;
      }
    }
  }
}
