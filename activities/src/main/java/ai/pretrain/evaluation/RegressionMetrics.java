package ai.pretrain.evaluation;

/**
 * Mean squared error, mean absolute error and the coefficient of determination R², as scikit-learn's
 * {@code mean_squared_error}, {@code mean_absolute_error} and {@code r2_score} (with {@code force_finite=True}: constant
 * targets give R² 1 when predicted exactly and 0 otherwise, instead of NaN or −∞).
 */
public record RegressionMetrics(double mse, double mae, double r2) {

  public static RegressionMetrics of(double[] actual, double[] predicted) {
    if (actual.length != predicted.length || actual.length == 0) {
      throw new IllegalArgumentException(
          "need one prediction per target, at least one: " + actual.length + " vs " + predicted.length);
    }
    int n = actual.length;
    double mean = 0;
    for (double y : actual) {
      mean += y;
    }
    mean /= n;
    double squaredErrors = 0;
    double absoluteErrors = 0;
    double totalSquares = 0;
    for (int i = 0; i < n; i++) {
      double error = actual[i] - predicted[i];
      squaredErrors += error * error;
      absoluteErrors += Math.abs(error);
      totalSquares += (actual[i] - mean) * (actual[i] - mean);
    }
    double r2;
    if (totalSquares == 0) {
      r2 = squaredErrors == 0 ? 1 : 0;
    } else {
      r2 = 1 - squaredErrors / totalSquares;
    }
    return new RegressionMetrics(squaredErrors / n, absoluteErrors / n, r2);
  }
}
