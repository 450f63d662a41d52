package ai.pretrain.evaluation;

/**
 * Mean negative log-likelihood of the true class (cross-entropy, natural log), as scikit-learn's {@code log_loss}
 * computes it for float64 probabilities: each probability clipped to [ε, 1 − ε] with ε the float64 machine epsilon, so
 * a confident mistake costs about 36 nats instead of infinity.
 */
public final class LogLoss {

  /** Machine epsilon of a double, numpy's {@code finfo(float64).eps}. */
  static final double EPSILON = Math.ulp(1.0);

  private LogLoss() {}

  /** @param probabilities one row of class probabilities per example, each summing to 1 */
  public static double of(int[] labels, double[][] probabilities) {
    if (labels.length != probabilities.length || labels.length == 0) {
      throw new IllegalArgumentException(
          "need one probability row per label, at least one: " + labels.length + " vs " + probabilities.length);
    }
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      sum -= Math.log(Math.min(Math.max(probabilities[i][labels[i]], EPSILON), 1 - EPSILON));
    }
    return sum / labels.length;
  }
}
