package ai.pretrain.evaluation;

import ai.pretrain.plugin.Metric;
import ai.pretrain.plugin.PluginKind;

/** A metric plugin for regressions: a score from the test targets and the predictions, in the target's units. */
public interface RegressionMetric extends Metric {

  PluginKind<RegressionMetric> KIND = new PluginKind<>(RegressionMetric.class, "regression metric");

  double score(double[] targets, double[] predictions);

  @Override
  default boolean regression() {
    return true;
  }
}
