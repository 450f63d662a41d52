package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassifierEvaluationTest {

  @Test
  void predictsTheFirstMostProbableClassAsTheClassifierDoes() {
    int[] predicted = ClassifierEvaluation.mostProbable(new double[][] {{0.2, 0.5, 0.3}, {0.4, 0.4, 0.2}, {0, 0, 1}});

    assertArrayEquals(new int[] {1, 0, 2}, predicted);
  }

  @Test
  void combinesLabelMetricsRocAndLogLossOfTheSameProbabilities() {
    ClassifierEvaluation evaluation = ClassifierEvaluation.of(RocCurveTest.LABELS, RocCurveTest.PROBABILITIES);

    // argmax of each fixture row: ties (row 8: 0.4, 0.4) go to the lower class
    int[] predicted = {0, 1, 2, 1, 1, 0, 2, 2, 0, 1};
    ClassificationMetrics expected = ClassificationMetrics.of(RocCurveTest.LABELS, predicted, 3);
    assertEquals(expected.accuracy(), evaluation.classification().accuracy());
    assertEquals(expected.macro(), evaluation.classification().macro());
    assertEquals(3, evaluation.roc().size());
    assertEquals(0.8263888888888888, evaluation.aucMacro(), 1e-12);
    assertEquals(0.8865899965705794, evaluation.logLoss(), 1e-12);
  }
}
