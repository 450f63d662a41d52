package ai.pretrain.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The macro-average of one-vs-rest ROC curves as scikit-learn's documentation computes it: every class's true positive
 * rate interpolated at the union of their false positive rates, then averaged.
 */
public final class MacroAverageRoc {

  /** One class's curve, points in the order the curve visits them (false positive rate not decreasing). */
  record Curve(double[] falsePositiveRate, double[] truePositiveRate) {}

  private MacroAverageRoc() {}

  /** The macro-average of one model's classes in the {@code roc-json} artifact, as rows of {fpr, tpr}. */
  public static double[][] ofModel(JsonNode model) {
    List<Curve> curves = new ArrayList<>();
    for (JsonNode c : model.path("classes")) {
      JsonNode fpr = c.path("falsePositiveRate");
      JsonNode tpr = c.path("truePositiveRate");
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < Math.min(fpr.size(), tpr.size()); i++) {
        if (fpr.get(i).isNumber() && tpr.get(i).isNumber()) {
          points.add(new double[] {fpr.get(i).asDouble(), tpr.get(i).asDouble()});
        }
      }
      if (points.size() > 1) {
        curves.add(new Curve(points.stream().mapToDouble(p -> p[0]).toArray(),
            points.stream().mapToDouble(p -> p[1]).toArray()));
      }
    }
    return of(curves);
  }

  /** Rows of {fpr, tpr}; empty when no curve has points. */
  static double[][] of(List<Curve> curves) {
    TreeSet<Double> grid = new TreeSet<>();
    curves.forEach(c -> {
      for (double x : c.falsePositiveRate()) {
        grid.add(x);
      }
    });
    if (grid.isEmpty() || curves.isEmpty()) {
      return new double[0][];
    }
    double[][] points = new double[grid.size()][];
    int i = 0;
    for (double x : grid) {
      double sum = 0;
      for (Curve c : curves) {
        sum += interpolate(c, x);
      }
      points[i++] = new double[] {x, sum / curves.size()};
    }
    return points;
  }

  /** numpy.interp: linear between neighbours, the end values beyond the ends, the last of tied x values. */
  static double interpolate(Curve curve, double x) {
    double[] xs = curve.falsePositiveRate();
    double[] ys = curve.truePositiveRate();
    if (xs.length == 0) {
      return 0;
    }
    if (x < xs[0]) {
      return ys[0];
    }
    for (int k = 0; k < xs.length; k++) {
      if (x == xs[k]) {
        // the highest true positive rate reached at this false positive rate
        int last = k;
        while (last + 1 < xs.length && xs[last + 1] == x) {
          last++;
        }
        return ys[last];
      }
      if (x < xs[k]) {
        double t = (x - xs[k - 1]) / (xs[k] - xs[k - 1]);
        return ys[k - 1] + t * (ys[k] - ys[k - 1]);
      }
    }
    return ys[ys.length - 1];
  }
}
