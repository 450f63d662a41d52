package ai.pretrain.augment;

import java.util.Random;

/**
 * Crops a random rectangle and scales it back to the full image, bilinearly (Szegedy et al., 2015; SimCLR's main
 * augmentation): the crop covers a share of the area drawn from [magnitude, 1] with an aspect ratio drawn
 * log-uniformly from [3/4, 4/3], at a uniformly drawn position.
 */
public final class RandomResizedCrop extends ImageAugmentation {

  private static final double MIN_ASPECT = 3.0 / 4.0;
  private static final double MAX_ASPECT = 4.0 / 3.0;

  public RandomResizedCrop() {
    super("random-resized-crop", 0.5);
  }

  @Override
  public String summary() {
    return "Crops a rectangle covering a share of the area drawn from [magnitude, 1] (default 0.5), aspect ratio in "
        + "[3/4, 4/3], and scales it back to the full image, bilinear.";
  }

  @Override
  public void apply(float[] image, int height, int width, double magnitude, Random random) {
    double area = magnitude + (1 - magnitude) * random.nextDouble();
    double aspect = Math.exp(Math.log(MIN_ASPECT) + (Math.log(MAX_ASPECT) - Math.log(MIN_ASPECT))
        * random.nextDouble());
    double cropWidth = Math.min(width, width * Math.sqrt(area * aspect));
    double cropHeight = Math.min(height, height * Math.sqrt(area / aspect));
    double left = (width - cropWidth) * random.nextDouble();
    double top = (height - cropHeight) * random.nextDouble();
    float[] source = image.clone();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        // pixel centres of the output map onto the crop's, kept inside the image so no black creeps in at its edges
        double sx = Math.min(width - 1, Math.max(0, left + (x + 0.5) * cropWidth / width - 0.5));
        double sy = Math.min(height - 1, Math.max(0, top + (y + 0.5) * cropHeight / height - 0.5));
        image[y * width + x] = Resampling.bilinear(source, height, width, sx, sy);
      }
    }
  }
}
