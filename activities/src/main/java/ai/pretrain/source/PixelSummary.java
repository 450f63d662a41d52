package ai.pretrain.source;

/** The dataset card's one summary of all pixels of an image set. */
final class PixelSummary {

  private PixelSummary() {}

  static DatasetCard.Feature of(float[] pixels) {
    double sum = 0;
    double squares = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float p : pixels) {
      sum += p;
      squares += (double) p * p;
      min = Math.min(min, p);
      max = Math.max(max, p);
    }
    double mean = pixels.length == 0 ? Double.NaN : sum / pixels.length;
    double std = pixels.length == 0 ? Double.NaN : Math.sqrt(Math.max(0, squares / pixels.length - mean * mean));
    return new DatasetCard.Feature("pixels", "image", mean, std, min, max, 0, null);
  }
}
