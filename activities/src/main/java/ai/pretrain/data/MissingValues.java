package ai.pretrain.data;

import ai.pretrain.source.ExampleRows;
import java.io.IOException;

/**
 * Missing numeric values (NaN, from a source read with {@code missing: mean}) replaced by the training split's mean
 * of that feature, fitted on training data only like {@link Standardization}.
 */
record MissingValues(float[] mean) {

  /** Each feature's mean over the training examples {@code train} where it is present (0 where it never is). */
  static MissingValues fit(ExampleRows examples, int[] train) throws IOException {
    int n = examples.featureCount();
    double[] sum = new double[n];
    long[] count = new long[n];
    float[] row = new float[n];
    for (int i : train) {
      examples.features(i, row);
      for (int j = 0; j < n; j++) {
        if (!Float.isNaN(row[j])) {
          sum[j] += row[j];
          count[j]++;
        }
      }
    }
    float[] mean = new float[n];
    for (int j = 0; j < n; j++) {
      mean[j] = count[j] == 0 ? 0f : (float) (sum[j] / count[j]);
    }
    return new MissingValues(mean);
  }

  /** Fills the missing values of one example's features in place. */
  void apply(float[] row) {
    for (int j = 0; j < mean.length; j++) {
      if (Float.isNaN(row[j])) {
        row[j] = mean[j];
      }
    }
  }
}
