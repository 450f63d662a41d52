package ai.pretrain.data;

import ai.pretrain.source.ExampleRows;
import java.io.IOException;

/**
 * Per-feature z-scoring with the training split's mean and standard deviation, so a table's columns in different
 * units train together; the same statistics then apply to validation and test, which they never saw.
 */
record Standardization(float[] mean, float[] standardDeviation) {

  /**
   * The statistics of the training examples {@code train}, their missing values filled by {@code fill} first (null
   * when none are missing), in the order given; a constant column keeps a deviation of 1 so it maps to 0.
   */
  static Standardization fit(ExampleRows examples, int[] train, MissingValues fill) throws IOException {
    int n = examples.featureCount();
    double[] sum = new double[n];
    double[] squares = new double[n];
    float[] row = new float[n];
    for (int i : train) {
      examples.features(i, row);
      if (fill != null) {
        fill.apply(row);
      }
      for (int j = 0; j < n; j++) {
        sum[j] += row[j];
        squares[j] += (double) row[j] * row[j];
      }
    }
    float[] mean = new float[n];
    float[] deviation = new float[n];
    for (int j = 0; j < n; j++) {
      double m = sum[j] / train.length;
      double variance = Math.max(0, squares[j] / train.length - m * m);
      mean[j] = (float) m;
      deviation[j] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
    }
    return new Standardization(mean, deviation);
  }

  /** Standardizes one example's features in place. */
  void apply(float[] row) {
    for (int j = 0; j < mean.length; j++) {
      row[j] = (row[j] - mean[j]) / standardDeviation[j];
    }
  }
}
