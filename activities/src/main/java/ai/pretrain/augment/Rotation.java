package ai.pretrain.augment;

import java.util.Random;

/** Rotates about the centre by an angle drawn from [-magnitude, magnitude] degrees. */
public final class Rotation extends ImageAugmentation {

  public Rotation() {
    super("rotation", 15);
  }

  @Override
  public String summary() {
    return "Rotates about the centre by an angle drawn from [-magnitude, magnitude] degrees (default 15), "
        + "bilinear, black outside.";
  }

  @Override
  public void apply(float[] image, int height, int width, double magnitude, Random random) {
    double angle = Math.toRadians((2 * random.nextDouble() - 1) * magnitude);
    Resampling.warp(image, height, width, Math.cos(angle), Math.sin(angle), 0, 0);
  }
}
