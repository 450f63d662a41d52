package ai.pretrain.sweep;

import java.util.Comparator;

/** The metric a sweep ranks trials by, and whether more or less of it is better. */
public record Objective(String metric, String mode) {

  public boolean maximise() {
    return !"min".equals(mode);
  }

  /** Whether {@code a} is strictly better than {@code b}. */
  public boolean better(double a, double b) {
    return maximise() ? a > b : a < b;
  }

  /** Best first. */
  public Comparator<Double> bestFirst() {
    return maximise() ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder();
  }

  /** Trials best first by the metric at {@code rung}, ties to the earlier trial. */
  public Comparator<Trial> bestFirstAt(int rung) {
    return Comparator.comparing((Trial t) -> t.metricAt(rung), bestFirst()).thenComparingInt(Trial::index);
  }

  /** Trials best first by their latest metric, then by the longer training, then the earlier trial. */
  public Comparator<Trial> leaderboardOrder() {
    return Comparator.comparing(Trial::metric, bestFirst())
        .thenComparing(Comparator.comparingInt(Trial::epochs).reversed())
        .thenComparingInt(Trial::index);
  }
}
