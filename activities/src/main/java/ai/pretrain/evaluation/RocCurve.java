package ai.pretrain.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

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
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    // Cumulative true and false positives at each distinct score, from the highest.
    List<double[]> counts = new ArrayList<>();
    long truePositives = 0;
    long falsePositives = 0;
    for (int rank = 0; rank < order.length; rank++) {
      if (positive[order[rank]]) {
        truePositives++;
      } else {
        falsePositives++;
      }
      if (rank == order.length - 1 || scores[order[rank + 1]] != scores[order[rank]]) {
        counts.add(new double[] {falsePositives, truePositives, scores[order[rank]]});
      }
    }
    List<double[]> kept = new ArrayList<>();
    for (int i = 0; i < counts.size(); i++) {
      if (i == 0 || i == counts.size() - 1 || counts.size() <= 2 || isCorner(counts, i)) {
        kept.add(counts.get(i));
      }
    }
    int n = kept.size() + 1;
    double[] fpr = new double[n];
    double[] tpr = new double[n];
    double[] thresholds = new double[n];
    thresholds[0] = Double.POSITIVE_INFINITY;
    for (int i = 1; i < n; i++) {
      double[] point = kept.get(i - 1);
      fpr[i] = falsePositives == 0 ? Double.NaN : point[0] / falsePositives;
      tpr[i] = truePositives == 0 ? Double.NaN : point[1] / truePositives;
      thresholds[i] = point[2];
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
  private static boolean isCorner(List<double[]> counts, int i) {
    double[] before = counts.get(i - 1);
    double[] at = counts.get(i);
    double[] after = counts.get(i + 1);
    return after[0] - 2 * at[0] + before[0] != 0 || after[1] - 2 * at[1] + before[1] != 0;
  }

  private static double trapezoid(double[] x, double[] y) {
    double area = 0;
    for (int i = 1; i < x.length; i++) {
      area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
    }
    return area;
  }
}
