package ai.pretrain.augment;

import java.util.Random;

/** Adds noise of standard deviation magnitude (default 0.1) to every pixel, clipped to [0, 1]. */
public final class GaussianNoise extends ImageAugmentation {

  public GaussianNoise() {
    super("gaussian-noise", 0.1);
  }

  @Override
  public String summary() {
    return "Adds noise of standard deviation magnitude (default 0.1) to every pixel, clipped to [0, 1].";
  }

  @Override
  public void apply(float[] image, int height, int width, double magnitude, Random random) {
    for (int i = 0; i < height * width; i++) {
      image[i] = clip(image[i] + (float) (random.nextGaussian() * magnitude));
    }
  }
}
