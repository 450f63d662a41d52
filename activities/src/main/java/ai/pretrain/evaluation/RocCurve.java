package ai.pretrain.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A receiver operating characteristic curve and the area under it, computed as scikit-learn's {@code roc_curve}
 * (with its default {@code drop_intermediate=True}) and {@code roc_auc_score} do: one point per distinct score, from
 * the highest, starting at (0, 0) with threshold +∞; collinear intermediate points dropped; trapezoidal area.
 *
 * @param label the positive class (one-vs-rest) or 1 for a binary task
 * @param auc NaN when the labels hold only positives or only negatives, where no ROC curve is defined
 */
public record RocCurve(int label, double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds,
    double auc) {

  /** The curve of {@code scores} for telling {@code positive} examples from the rest. */
  public static RocCurve of(int label, boolean[] positive, double[] scores) {
    if (positive.length != scores.length || scores.length == 0) {
      throw new IllegalArgumentException("need one score per label, at least one: " + positive.length + " vs "
          + scores.length);
    }
    // The positives' and the negatives' scores, each sorted: walking down both from the highest gives the cumulative
    // false and true positives at each distinct score, without an index object per example.
    double[] positives = new double[scores.length];
    double[] negatives = new double[scores.length];
    int p = 0;
    int q = 0;
    for (int i = 0; i < scores.length; i++) {
      if (positive[i]) {
        positives[p++] = scores[i];
      } else {
        negatives[q++] = scores[i];
      }
    }
    Arrays.sort(positives, 0, p);
    Arrays.sort(negatives, 0, q);
    double[] fpAt = new double[scores.length];
    double[] tpAt = new double[scores.length];
    double[] scoreAt = new double[scores.length];
    int distinct = 0;
    long truePositives = 0;
    long falsePositives = 0;
    for (p--, q--; p >= 0 || q >= 0; distinct++) {
      double score = q < 0 || (p >= 0 && Double.compare(positives[p], negatives[q]) >= 0) ? positives[p] : negatives[q];
      for (; p >= 0 && Double.compare(positives[p], score) == 0; p--) {
        truePositives++;
      }
      for (; q >= 0 && Double.compare(negatives[q], score) == 0; q--) {
        falsePositives++;
      }
      fpAt[distinct] = falsePositives;
      tpAt[distinct] = truePositives;
      scoreAt[distinct] = score;
    }
    int[] kept = new int[distinct];
    int corners = 0;
    for (int i = 0; i < distinct; i++) {
      if (i == 0 || i == distinct - 1 || distinct <= 2 || isCorner(fpAt, i) || isCorner(tpAt, i)) {
        kept[corners++] = i;
      }
    }
    int n = corners + 1;
    double[] fpr = new double[n];
    double[] tpr = new double[n];
    double[] thresholds = new double[n];
    thresholds[0] = Double.POSITIVE_INFINITY;
    for (int i = 1; i < n; i++) {
      int point = kept[i - 1];
      fpr[i] = falsePositives == 0 ? Double.NaN : fpAt[point] / falsePositives;
      tpr[i] = truePositives == 0 ? Double.NaN : tpAt[point] / truePositives;
      thresholds[i] = scoreAt[point];
    }
    if (falsePositives == 0) {
      fpr[0] = Double.NaN;
    }
    if (truePositives == 0) {
      tpr[0] = Double.NaN;
    }
    double auc = falsePositives == 0 || truePositives == 0 ? Double.NaN : trapezoid(fpr, tpr);
    return new RocCurve(label, fpr, tpr, thresholds, auc);
  }

  /** One curve per class, that class's probability scoring it against all the others. */
  public static List<RocCurve> oneVsRest(int[] labels, double[][] probabilities) {
    int classes = probabilities.length == 0 ? 0 : probabilities[0].length;
    List<RocCurve> curves = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      boolean[] positive = new boolean[labels.length];
      double[] scores = new double[labels.length];
      for (int i = 0; i < labels.length; i++) {
        positive[i] = labels[i] == c;
        scores[i] = probabilities[i][c];
      }
      curves.add(of(c, positive, scores));
    }
    return curves;
  }

  /**
   * The unweighted mean AUC of the curves that are defined. scikit-learn's {@code roc_auc_score(multi_class='ovr')}
   * refuses labels that miss a class; a small test split can, so the classes it misses are left out instead. NaN when
   * no curve is defined.
   */
  public static double macroAuc(List<RocCurve> curves) {
    return curves.stream().mapToDouble(RocCurve::auc).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /** scikit-learn keeps a point where the slope changes: a non-zero second difference of either count. */
  private static boolean isCorner(double[] counts, int i) {
    return counts[i + 1] - 2 * counts[i] + counts[i - 1] != 0;
  }

  private static double trapezoid(double[] x, double[] y) {
    double area = 0;
    for (int i = 1; i < x.length; i++) {
      area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
    }
    return area;
  }
}
