package ai.pretrain.data;

/**
 * Missing numeric values (NaN, from a source read with {@code missing: mean}) replaced by the training split's mean
 * of that feature, fitted on training data only like {@link Standardization}.
 */
record MissingValues(float[] mean) {

  /** Whether any feature value of {@code shard} is missing. */
  static boolean any(ExampleShard shard) {
    float[] row = new float[shard.featureCount()];
    for (int i = 0; i < shard.size(); i++) {
      shard.copyFeatures(i, row, 0);
      for (float v : row) {
        if (Float.isNaN(v)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Each feature's mean over the training examples where it is present (0 where it never is). */
  static MissingValues fit(ExampleShard train) {
    int n = train.featureCount();
    double[] sum = new double[n];
    long[] count = new long[n];
    float[] row = new float[n];
    for (int i = 0; i < train.size(); i++) {
      train.copyFeatures(i, row, 0);
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

  ExampleShard apply(ExampleShard shard) {
    int n = shard.featureCount();
    float[] features = new float[shard.size() * n];
    for (int i = 0; i < shard.size(); i++) {
      shard.copyFeatures(i, features, i * n);
      for (int j = 0; j < n; j++) {
        if (Float.isNaN(features[i * n + j])) {
          features[i * n + j] = mean[j];
        }
      }
    }
    return shard.withFeatures(features);
  }
}
