package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference values from scikit-learn 1.9.1: {@code accuracy_score(y, p)},
 * {@code precision_recall_fscore_support(y, p, labels=range(classes), average=A, zero_division=0)} with A 'macro',
 * 'micro', 'weighted' and None (per class), and {@code confusion_matrix(y, p, labels=range(classes))}; the script that
 * printed the values of the four-class fixture is {@code sklearn_reference.py} in this package's test resources.
 */
class ClassificationMetricsTest {

  private static final double TOLERANCE = 1e-12;

  /** Four classes; class 3 is never predicted. */
  private static final int[] LABELS = {0, 1, 2, 0, 1, 1, 3, 0, 2, 1, 3, 0};
  private static final int[] PREDICTED = {0, 2, 2, 0, 1, 0, 1, 0, 2, 1, 0, 1};

  @Test
  void averagesMatchScikitLearnMacroMicroAndWeighted() {
    ClassificationMetrics m = ClassificationMetrics.of(LABELS, PREDICTED, 4);

    assertEquals(0.5833333333333334, m.accuracy(), TOLERANCE);
    assertScores(new PrecisionRecallF1(0.44166666666666665, 0.5625, 0.49166666666666664), m.macro());
    assertScores(new PrecisionRecallF1(0.5833333333333334, 0.5833333333333334, 0.5833333333333334), m.micro());
    assertScores(new PrecisionRecallF1(0.4777777777777778, 0.5833333333333334, 0.5222222222222221), m.weighted());
    assertEquals(m.macro().precision(), m.precision());
    assertEquals(m.macro().recall(), m.recall());
    assertEquals(m.macro().f1(), m.f1());
  }

  @Test
  void perClassScoresMatchScikitLearnsAverageNone() {
    List<ClassScores> perClass = ClassificationMetrics.of(LABELS, PREDICTED, 4).perClass();

    double[] precision = {0.6, 0.5, 0.6666666666666666, 0.0};
    double[] recall = {0.75, 0.5, 1.0, 0.0};
    double[] f1 = {0.6666666666666666, 0.5, 0.8, 0.0};
    long[] support = {4, 4, 2, 2};
    assertEquals(4, perClass.size());
    for (int c = 0; c < 4; c++) {
      assertEquals(c, perClass.get(c).label());
      assertEquals(precision[c], perClass.get(c).precision(), TOLERANCE, "precision of " + c);
      assertEquals(recall[c], perClass.get(c).recall(), TOLERANCE, "recall of " + c);
      assertEquals(f1[c], perClass.get(c).f1(), TOLERANCE, "f1 of " + c);
      assertEquals(support[c], perClass.get(c).support(), "support of " + c);
    }
  }

  @Test
  void confusionMatrixMatchesScikitLearn() {
    long[][] confusion = ClassificationMetrics.of(LABELS, PREDICTED, 4).confusion();

    assertArrayEquals(new long[] {3, 1, 0, 0}, confusion[0]);
    assertArrayEquals(new long[] {1, 2, 1, 0}, confusion[1]);
    assertArrayEquals(new long[] {0, 0, 2, 0}, confusion[2]);
    assertArrayEquals(new long[] {1, 1, 0, 0}, confusion[3]);
  }

  @Test
  void refusesPredictionsThatDoNotPairWithTheLabels() {
    assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[] {0, 1}, new int[] {0}, 2));
    assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.of(new int[0], new int[0], 2));
  }

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

  private static void assertScores(PrecisionRecallF1 expected, PrecisionRecallF1 actual) {
    assertEquals(expected.precision(), actual.precision(), TOLERANCE, "precision");
    assertEquals(expected.recall(), actual.recall(), TOLERANCE, "recall");
    assertEquals(expected.f1(), actual.f1(), TOLERANCE, "f1");
  }
}
