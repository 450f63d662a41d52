package ai.pretrain.plugin;

/**
 * A metric the evaluate stage adds to the comparison table ({@code evaluate.metrics}), scoring every model on the test
 * split beside the built-in columns. The worker's plugin also computes it (activities' {@code ClassificationMetric}
 * from labels and class probabilities, {@code RegressionMetric} from targets and predictions).
 */
public interface Metric extends Plugin {

  PluginKind<Metric> KIND = new PluginKind<>(Metric.class, "metric");

  /** Whether it scores a regression's predictions (else a classifier's class probabilities). */
  boolean regression();

  /** Whether a higher value is a better model. */
  boolean higherIsBetter();
}
