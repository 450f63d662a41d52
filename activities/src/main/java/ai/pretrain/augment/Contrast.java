package ai.pretrain.augment;

import java.util.Random;

/** Scales every pixel's distance from the image mean by a factor drawn from [1 - magnitude, 1 + magnitude]. */
public final class Contrast extends ImageAugmentation {

  public Contrast() {
    super("contrast", 0.3);
  }

  @Override
  public String summary() {
    return "Scales every pixel's distance from the image mean by a factor drawn from [1 - magnitude, 1 + magnitude] "
        + "(default 0.3), clipped to [0, 1].";
  }

  @Override
  public void apply(float[] image, int height, int width, double magnitude, Random random) {
    int pixels = height * width;
    double mean = 0;
    for (int i = 0; i < pixels; i++) {
      mean += image[i];
    }
    mean /= pixels;
    double factor = Math.max(0, 1 + (2 * random.nextDouble() - 1) * magnitude);
    for (int i = 0; i < pixels; i++) {
      image[i] = clip((float) (mean + (image[i] - mean) * factor));
    }
  }
}
