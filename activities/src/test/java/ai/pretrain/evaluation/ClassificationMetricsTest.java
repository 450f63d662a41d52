package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Reference values from scikit-learn 1.9.1: {@code accuracy_score(y, p)} and
 * {@code precision_recall_fscore_support(y, p, labels=[0, 1, 2], average='macro', zero_division=0)}.
 */
class ClassificationMetricsTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void matchesScikitLearnWhenEveryClassIsPredicted() {
    ClassificationMetrics m = ClassificationMetrics.of(
        new int[] {0, 1, 2, 2, 1, 0, 2, 1, 0, 2}, new int[] {0, 2, 2, 2, 1, 0, 1, 1, 1, 2}, 3);

    assertEquals(0.7, m.accuracy(), TOLERANCE);
    assertEquals(0.75, m.precision(), TOLERANCE);
    assertEquals(0.6944444444444443, m.recall(), TOLERANCE);
    assertEquals(0.7071428571428572, m.f1(), TOLERANCE);
  }

  @Test
  void matchesScikitLearnWhenAClassIsNeverPredicted() {
    ClassificationMetrics m = ClassificationMetrics.of(
        new int[] {0, 0, 1, 1, 2, 2, 2}, new int[] {0, 1, 0, 1, 0, 1, 1}, 3);

    assertEquals(0.2857142857142857, m.accuracy(), TOLERANCE);
    assertEquals(0.19444444444444442, m.precision(), TOLERANCE);
    assertEquals(0.3333333333333333, m.recall(), TOLERANCE);
    assertEquals(0.24444444444444446, m.f1(), TOLERANCE);
  }

  @Test
  void matchesScikitLearnWhenAPredictedClassIsAbsentFromTheLabels() {
    ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 0, 1, 1, 1}, new int[] {0, 2, 1, 1, 0}, 3);

    assertEquals(0.6, m.accuracy(), TOLERANCE);
    assertEquals(0.5, m.precision(), TOLERANCE);
    assertEquals(0.38888888888888884, m.recall(), TOLERANCE);
    assertEquals(0.43333333333333335, m.f1(), TOLERANCE);
  }

  @Test
  void countsAClassInNeitherLabelsNorPredictionsAsZeroInTheMacroAverage() {
    ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, 3);

    assertEquals(0.75, m.accuracy(), TOLERANCE);
    assertEquals(0.5555555555555555, m.precision(), TOLERANCE);
    assertEquals(0.5, m.recall(), TOLERANCE);
    assertEquals(0.48888888888888893, m.f1(), TOLERANCE);
  }

  @Test
  void confusionRowsAreTrueClassesAndColumnsPredictions() {
    ClassificationMetrics m = ClassificationMetrics.of(
        new int[] {0, 0, 1, 1, 2, 2, 2}, new int[] {0, 1, 0, 1, 0, 1, 1}, 3);

    assertArrayEquals(new long[] {1, 1, 0}, m.confusion()[0]);
    assertArrayEquals(new long[] {1, 1, 0}, m.confusion()[1]);
    assertArrayEquals(new long[] {1, 2, 0}, m.confusion()[2]);
  }

  @Test
  void perfectPredictionsScoreOne() {
    int[] labels = {2, 0, 1, 1, 0, 2};
    ClassificationMetrics m = ClassificationMetrics.of(labels, labels.clone(), 3);

    assertEquals(1.0, m.accuracy(), TOLERANCE);
    assertEquals(1.0, m.precision(), TOLERANCE);
    assertEquals(1.0, m.recall(), TOLERANCE);
    assertEquals(1.0, m.f1(), TOLERANCE);
  }
}
