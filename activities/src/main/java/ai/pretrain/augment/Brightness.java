package ai.pretrain.augment;

import java.util.Random;

/** Adds one offset drawn from [-magnitude, magnitude] (default 0.2) to every pixel, clipped to [0, 1]. */
public final class Brightness extends ImageAugmentation {

  public Brightness() {
    super("brightness", 0.2);
  }

  @Override
  public String summary() {
    return "Adds one offset drawn from [-magnitude, magnitude] (default 0.2) to every pixel, clipped to "
        + "[0, 1].";
  }

  @Override
  public void apply(float[] image, int height, int width, double magnitude, Random random) {
    float offset = (float) ((2 * random.nextDouble() - 1) * magnitude);
    for (int i = 0; i < height * width; i++) {
      image[i] = clip(image[i] + offset);
    }
  }
}
