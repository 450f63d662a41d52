package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Reference values from scikit-learn 1.9.1 ({@code sklearn_reference.py} in this package's test resources):
 * {@code log_loss(y, y_proba=P, labels=[0, 1, 2])} on {@link RocCurveTest}'s fixture, and
 * {@code log_loss([0, 1], y_proba=[[1, 0], [1, 0]], labels=[0, 1])} for the clipping of a zero probability.
 */
class LogLossTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void matchesScikitLearn() {
    assertEquals(0.8865899965705794, LogLoss.of(RocCurveTest.LABELS, RocCurveTest.PROBABILITIES), TOLERANCE);
  }

  @Test
  void clipsAZeroProbabilityToMachineEpsilonAsScikitLearnDoes() {
    double loss = LogLoss.of(new int[] {0, 1}, new double[][] {{1.0, 0.0}, {1.0, 0.0}});

    assertEquals(18.021826694558577, loss, TOLERANCE);
  }

  @Test
  void certainCorrectPredictionsCostNothing() {
    assertEquals(0.0, LogLoss.of(new int[] {1, 0}, new double[][] {{0, 1}, {1, 0}}), 1e-15);
  }

  @Test
  void refusesRowsThatDoNotPairWithTheLabels() {
    assertThrows(IllegalArgumentException.class, () -> LogLoss.of(new int[] {0, 1}, new double[][] {{1, 0}}));
  }
}
