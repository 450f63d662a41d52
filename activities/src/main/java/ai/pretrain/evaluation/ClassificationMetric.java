package ai.pretrain.evaluation;

import ai.pretrain.plugin.Metric;
import ai.pretrain.plugin.PluginKind;

/** A metric plugin for classifiers: a score from the test labels and each example's class probabilities. */
public interface ClassificationMetric extends Metric {

  PluginKind<ClassificationMetric> KIND = new PluginKind<>(ClassificationMetric.class, "classification metric");

  double score(int[] labels, double[][] probabilities);

  @Override
  default boolean regression() {
    return false;
  }
}
