package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference values from scikit-learn 1.9.1 ({@code sklearn_reference.py} in this package's test resources):
 * {@code roc_curve(y, s)} (default {@code drop_intermediate=True}) and {@code roc_auc_score(y, s)} for the binary
 * fixture; {@code roc_curve(y == c, P[:, c])} per class and
 * {@code roc_auc_score(y, P, multi_class='ovr', average='macro', labels=[0, 1, 2])} for the three-class one.
 */
class RocCurveTest {

  private static final double TOLERANCE = 1e-12;

  static final int[] LABELS = {0, 1, 2, 2, 1, 0, 1, 2, 0, 1};
  static final double[][] PROBABILITIES = {
      {0.7, 0.2, 0.1},
      {0.3, 0.4, 0.3},
      {0.2, 0.2, 0.6},
      {0.1, 0.6, 0.3},
      {0.25, 0.5, 0.25},
      {0.5, 0.3, 0.2},
      {0.1, 0.1, 0.8},
      {0.3, 0.3, 0.4},
      {0.4, 0.4, 0.2},
      {0.2, 0.7, 0.1},
  };

  @Test
  void binaryCurveWithTiedScoresMatchesScikitLearn() {
    int[] y = {0, 0, 1, 1, 0, 1, 1, 0, 1, 0};
    double[] scores = {0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.35, 0.2, 0.7, 0.6};
    boolean[] positive = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      positive[i] = y[i] == 1;
    }

    RocCurve curve = RocCurve.of(1, positive, scores);

    assertArrayEquals(new double[] {0.0, 0.0, 0.0, 0.2, 0.6, 0.6, 1.0}, curve.falsePositiveRate(), TOLERANCE);
    assertArrayEquals(new double[] {0.0, 0.2, 0.6, 0.6, 0.6, 1.0, 1.0}, curve.truePositiveRate(), TOLERANCE);
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.9, 0.7, 0.6, 0.4, 0.35, 0.1}, curve.thresholds(), 0);
    assertEquals(0.76, curve.auc(), TOLERANCE);
  }

  @Test
  void oneVsRestCurvesMatchScikitLearnPerClass() {
    List<RocCurve> curves = RocCurve.oneVsRest(LABELS, PROBABILITIES);

    assertEquals(3, curves.size());
    assertArrayEquals(new double[] {0.0, 0.0, 0.0, 0.2857142857142857, 0.42857142857142855, 1.0},
        curves.get(0).falsePositiveRate(), TOLERANCE);
    assertArrayEquals(new double[] {0.0, 0.3333333333333333, 1.0, 1.0, 1.0, 1.0},
        curves.get(0).truePositiveRate(), TOLERANCE);
    assertArrayEquals(new double[] {0.0, 0.0, 0.16666666666666666, 0.16666666666666666, 0.3333333333333333, 1.0, 1.0},
        curves.get(1).falsePositiveRate(), TOLERANCE);
    assertArrayEquals(new double[] {0.0, 0.25, 0.25, 0.5, 0.75, 0.75, 1.0},
        curves.get(1).truePositiveRate(), TOLERANCE);
    assertArrayEquals(new double[] {0.0, 0.14285714285714285, 0.14285714285714285, 0.2857142857142857,
        0.42857142857142855, 1.0}, curves.get(2).falsePositiveRate(), TOLERANCE);
    assertArrayEquals(new double[] {0.0, 0.0, 0.6666666666666666, 1.0, 1.0, 1.0},
        curves.get(2).truePositiveRate(), TOLERANCE);
    assertEquals(1.0, curves.get(0).auc(), TOLERANCE);
    assertEquals(0.6458333333333333, curves.get(1).auc(), TOLERANCE);
    assertEquals(0.8333333333333333, curves.get(2).auc(), TOLERANCE);
    for (int c = 0; c < 3; c++) {
      assertEquals(c, curves.get(c).label());
    }
  }

  @Test
  void macroAucMatchesScikitLearnsOneVsRest() {
    assertEquals(0.8263888888888888, RocCurve.macroAuc(RocCurve.oneVsRest(LABELS, PROBABILITIES)), TOLERANCE);
  }

  @Test
  void macroAucAveragesOnlyTheClassesTheLabelsHold() {
    int[] withoutClassTwo = {0, 1, 1, 0, 1, 0};
    double[][] firstSix = java.util.Arrays.copyOf(PROBABILITIES, 6);

    List<RocCurve> curves = RocCurve.oneVsRest(withoutClassTwo, firstSix);

    assertTrue(Double.isNaN(curves.get(2).auc()), "no positives, no curve");
    // mean(roc_auc_score(y == c, P[:, c]) for c in (0, 1))
    assertEquals(0.5833333333333333, RocCurve.macroAuc(curves), TOLERANCE);
  }

  @Test
  void perfectAndReversedRankingsScoreOneAndZero() {
    boolean[] positive = {true, true, false, false};

    assertEquals(1.0, RocCurve.of(1, positive, new double[] {0.9, 0.8, 0.2, 0.1}).auc(), TOLERANCE);
    assertEquals(0.0, RocCurve.of(1, positive, new double[] {0.1, 0.2, 0.8, 0.9}).auc(), TOLERANCE);
    assertEquals(0.5, RocCurve.of(1, positive, new double[] {0.5, 0.5, 0.5, 0.5}).auc(), TOLERANCE);
  }

  @Test
  void oneClassOnlyHasNoAreaAndMacroOfNothingIsNaN() {
    RocCurve curve = RocCurve.of(1, new boolean[] {true, true}, new double[] {0.3, 0.6});

    assertTrue(Double.isNaN(curve.auc()));
    assertTrue(Double.isNaN(RocCurve.macroAuc(List.of(curve))));
  }
}
