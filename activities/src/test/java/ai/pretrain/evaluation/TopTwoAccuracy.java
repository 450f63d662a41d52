package ai.pretrain.evaluation;

/**
 * The example metric plugin (registered by this module's test services file): the share of examples whose label is
 * among the two most probable classes; {@code evaluate.metrics: [top-2-accuracy]}.
 */
public final class TopTwoAccuracy implements ClassificationMetric {

  @Override
  public String name() {
    return "top-2-accuracy";
  }

  @Override
  public String summary() {
    return "share of examples whose label is one of the two most probable classes";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public double score(int[] labels, double[][] probabilities) {
    int hits = 0;
    for (int i = 0; i < labels.length; i++) {
      double own = probabilities[i][labels[i]];
      int higher = 0;
      for (double p : probabilities[i]) {
        higher += p > own ? 1 : 0;
      }
      hits += higher < 2 ? 1 : 0;
    }
    return (double) hits / labels.length;
  }
}
