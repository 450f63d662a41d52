package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Hand-worked fixtures, and one cross-checked with scikit-learn 1.9.1 ({@code sklearn_reference.py} in this package's
 * test resources): perplexity is {@code exp(log_loss(tokens, y_proba=Q, labels=range(5)))} over next-token
 * distributions Q.
 */
class PerplexityTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void halvingProbabilitiesWorkedByHand() {
    // -ln(1/2), -ln(1/4), -ln(1/8) average 2 ln 2, and e^(2 ln 2) = 4.
    assertEquals(4.0, Perplexity.of(new double[] {0.5, 0.25, 0.125}), TOLERANCE);
  }

  @Test
  void aUniformGuessAmongVTokensHasPerplexityV() {
    double[] uniform = new double[7];
    java.util.Arrays.fill(uniform, 1.0 / 50_000);

    assertEquals(50_000, Perplexity.of(uniform), 1e-6);
  }

  @Test
  void aCertainModelHasPerplexityOne() {
    assertEquals(1.0, Perplexity.of(new double[] {1, 1, 1}), TOLERANCE);
  }

  @Test
  void equalsTheExponentialOfScikitLearnsLogLossOverNextTokenDistributions() {
    // Q[i][tokens[i]] for tokens [2, 0, 3, 3, 1]
    assertEquals(2.4874945631098306, Perplexity.of(new double[] {0.5, 0.6, 0.7, 0.2, 0.25}), TOLERANCE);
  }

  @Test
  void fromCrossEntropyIsTheExponential() {
    assertEquals(Math.E, Perplexity.fromCrossEntropy(1.0), TOLERANCE);
  }

  @Test
  void refusesNoTokensAndValuesThatAreNoProbabilities() {
    assertThrows(IllegalArgumentException.class, () -> Perplexity.of(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> Perplexity.of(new double[] {0.5, 1.5}));
    assertThrows(IllegalArgumentException.class, () -> Perplexity.of(new double[] {Double.NaN}));
  }
}
