package ai.pretrain.data;

/**
 * Per-feature z-scoring with the training split's mean and standard deviation, so a table's columns in different
 * units train together; the same statistics then apply to validation and test, which they never saw.
 */
record Standardization(float[] mean, float[] standardDeviation) {

  /** The statistics of {@code train}; a constant column keeps a deviation of 1 so it maps to 0. */
  static Standardization fit(ExampleShard train) {
    int n = train.featureCount();
    double[] sum = new double[n];
    double[] squares = new double[n];
    float[] row = new float[n];
    for (int i = 0; i < train.size(); i++) {
      train.copyFeatures(i, row, 0);
      for (int j = 0; j < n; j++) {
        sum[j] += row[j];
        squares[j] += (double) row[j] * row[j];
      }
    }
    float[] mean = new float[n];
    float[] deviation = new float[n];
    for (int j = 0; j < n; j++) {
      double m = sum[j] / train.size();
      double variance = Math.max(0, squares[j] / train.size() - m * m);
      mean[j] = (float) m;
      deviation[j] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
    }
    return new Standardization(mean, deviation);
  }

  ExampleShard apply(ExampleShard shard) {
    int n = shard.featureCount();
    float[] features = new float[shard.size() * n];
    for (int i = 0; i < shard.size(); i++) {
      shard.copyFeatures(i, features, i * n);
      for (int j = 0; j < n; j++) {
        features[i * n + j] = (features[i * n + j] - mean[j]) / standardDeviation[j];
      }
    }
    return shard.withFeatures(features);
  }
}
