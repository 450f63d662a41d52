package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Reference values from scikit-learn 1.9.1 ({@code sklearn_reference.py} in this package's test resources):
 * {@code mean_squared_error(y, p)}, {@code mean_absolute_error(y, p)} and {@code r2_score(y, p)} (default
 * {@code force_finite=True}).
 */
class RegressionMetricsTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void matchesScikitLearn() {
    RegressionMetrics m = RegressionMetrics.of(
        new double[] {3.0, -0.5, 2.0, 7.0, 4.2, 1.1}, new double[] {2.5, 0.0, 2.1, 7.8, 3.9, 0.4});

    assertEquals(0.28833333333333333, m.mse(), TOLERANCE);
    assertEquals(0.4833333333333334, m.mae(), TOLERANCE);
    assertEquals(0.94920728126835, m.r2(), TOLERANCE);
  }

  @Test
  void constantTargetsScoreOneWhenExactAndZeroOtherwiseAsScikitLearnForcesFinite() {
    assertEquals(1.0, RegressionMetrics.of(new double[] {2, 2, 2}, new double[] {2, 2, 2}).r2());
    assertEquals(0.0, RegressionMetrics.of(new double[] {2, 2, 2}, new double[] {2, 2.5, 2}).r2());
  }

  @Test
  void predictingTheMeanScoresZero() {
    assertEquals(0.0, RegressionMetrics.of(new double[] {1, 2, 3}, new double[] {2, 2, 2}).r2(), TOLERANCE);
  }

  @Test
  void refusesPredictionsThatDoNotPairWithTheTargets() {
    assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.of(new double[] {1}, new double[] {1, 2}));
  }
}
