package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.plugin.Metric;
import ai.pretrain.plugin.PluginRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in metric plugins against scikit-learn 1.9.1 (balanced_accuracy_score, matthews_corrcoef,
 * median_absolute_error), run once on these vectors; the three-class case is a seeded random draw
 * (numpy default_rng(7): 15 labels, Dirichlet probabilities rounded to 3 decimals).
 */
class MetricPluginsTest {

  private static final int[] LABELS = {2, 1, 2, 2, 1, 2, 2, 0, 0, 0, 0, 2, 2, 0, 1};
  private static final double[][] PROBABILITIES = {
      {0.406, 0.212, 0.382}, {0.137, 0.394, 0.47}, {0.359, 0.042, 0.599}, {0.374, 0.177, 0.449},
      {0.055, 0.044, 0.901}, {0.224, 0.638, 0.138}, {0.234, 0.53, 0.236}, {0.017, 0.221, 0.763},
      {0.311, 0.685, 0.004}, {0.599, 0.166, 0.236}, {0.372, 0.17, 0.459}, {0.423, 0.542, 0.035},
      {0.179, 0.141, 0.68}, {0.705, 0.073, 0.221}, {0.865, 0.056, 0.08}};
  private static final int[] BINARY_LABELS = {0, 0, 1, 1, 1, 0};
  private static final double[][] BINARY_PROBABILITIES = {
      {0.9, 0.1}, {0.4, 0.6}, {0.2, 0.8}, {0.3, 0.7}, {0.6, 0.4}, {0.7, 0.3}};

  @Test
  void balancedAccuracyMatchesScikitLearn() {
    assertEquals(0.27619047619047615, new BalancedAccuracy().score(LABELS, PROBABILITIES), 1e-12);
    assertEquals(0.6666666666666666, new BalancedAccuracy().score(BINARY_LABELS, BINARY_PROBABILITIES), 1e-12);
  }

  @Test
  void matthewsCorrelationMatchesScikitLearn() {
    assertEquals(-0.041959067914834454, new MatthewsCorrelation().score(LABELS, PROBABILITIES), 1e-12);
    assertEquals(0.3333333333333333, new MatthewsCorrelation().score(BINARY_LABELS, BINARY_PROBABILITIES), 1e-12);
    double[][] onlyFirstClass = {{0.9, 0.1}, {0.8, 0.2}, {0.7, 0.3}};
    assertEquals(0.0, new MatthewsCorrelation().score(new int[] {0, 1, 1}, onlyFirstClass), "undefined gives 0");
  }

  @Test
  void medianAbsoluteErrorMatchesScikitLearn() {
    double[] targets = {151, 75, 141, 206, 135, 97, 138};
    double[] predictions = {160.5, 70, 120, 230, 140, 90, 150};
    assertEquals(9.5, new MedianAbsoluteError().score(targets, predictions), 1e-12);
  }

  @Test
  void theBuiltInsAndTheTestsExampleAreInstalledMetrics() {
    List<String> installed = PluginRegistry.installed().names(Metric.KIND);
    assertEquals(List.of("balanced-accuracy", "matthews-correlation", "median-absolute-error", "top-2-accuracy"),
        installed);
  }
}
