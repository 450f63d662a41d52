package ai.pretrain.augment;

import java.util.Random;

/** Translates by whole pixels drawn from [-magnitude, magnitude] in each direction. */
public final class Shift extends ImageAugmentation {

  public Shift() {
    super("shift", 2);
  }

  @Override
  public String summary() {
    return "Translates by whole pixels drawn from [-magnitude, magnitude] in each direction (default 2), "
        + "black where uncovered.";
  }

  @Override
  public void apply(float[] image, int height, int width, double magnitude, Random random) {
    int reach = (int) Math.floor(magnitude);
    int dy = random.nextInt(2 * reach + 1) - reach;
    int dx = random.nextInt(2 * reach + 1) - reach;
    Resampling.warp(image, height, width, 1, 0, dx, dy);
  }
}
