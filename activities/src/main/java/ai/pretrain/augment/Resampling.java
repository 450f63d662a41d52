package ai.pretrain.augment;

/** Resamples an image under a rotation about its centre plus a translation, bilinearly, black outside. */
final class Resampling {

  private Resampling() {}

  /**
   * Output pixel (x, y) takes the input at (x - dx, y - dy) rotated back by the angle whose cosine and sine are given,
   * about the image centre.
   */
  static void warp(float[] image, int height, int width, double cos, double sin, int dx, int dy) {
    float[] source = image.clone();
    double cy = (height - 1) / 2.0;
    double cx = (width - 1) / 2.0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double u = x - dx - cx;
        double v = y - dy - cy;
        double sx = cos * u + sin * v + cx;
        double sy = -sin * u + cos * v + cy;
        image[y * width + x] = bilinear(source, height, width, sx, sy);
      }
    }
  }

  static float bilinear(float[] image, int height, int width, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    double top = (1 - fx) * at(image, height, width, x0, y0) + fx * at(image, height, width, x0 + 1, y0);
    double bottom = (1 - fx) * at(image, height, width, x0, y0 + 1) + fx * at(image, height, width, x0 + 1, y0 + 1);
    return (float) ((1 - fy) * top + fy * bottom);
  }

  private static float at(float[] image, int height, int width, int x, int y) {
    return x < 0 || y < 0 || x >= width || y >= height ? 0f : image[y * width + x];
  }
}
