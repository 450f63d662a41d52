package ai.pretrain.data;

import ai.pretrain.source.ExampleRows;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A regression target z-scored with the training split's mean and standard deviation, so the loss and learning rates
 * behave the same whatever the target's units; predictions map back to those units for the metrics the run reports.
 * Data prep records the statistics in its stage metrics, where the evaluate stage reads them.
 */
public record TargetStandardization(double mean, double standardDeviation) {

  /** The prepared data's metric holding the training targets' mean. */
  public static final String MEAN = "targetMean";
  /** The prepared data's metric holding the training targets' standard deviation. */
  public static final String STANDARD_DEVIATION = "targetStandardDeviation";

  public TargetStandardization {
    if (!(standardDeviation > 0) || !Double.isFinite(mean) || !Double.isFinite(standardDeviation)) {
      throw new IllegalArgumentException(
          "a target standardization needs a finite mean and a positive deviation: " + mean + ", " + standardDeviation);
    }
  }

  /**
   * The statistics of the targets of the training examples {@code train}, in that order; constant targets keep a
   * deviation of 1 so they map to 0.
   */
  static TargetStandardization fit(ExampleRows examples, int[] train) {
    double sum = 0;
    double squares = 0;
    for (int i : train) {
      float target = examples.target(i);
      sum += target;
      squares += (double) target * target;
    }
    double mean = sum / train.length;
    double variance = Math.max(0, squares / train.length - mean * mean);
    return new TargetStandardization(mean, variance > 1e-12 ? Math.sqrt(variance) : 1);
  }

  /** The statistics data prep recorded in {@code metrics}; fails naming the missing metric. */
  public static TargetStandardization fromMetrics(Map<String, Double> metrics) {
    for (String metric : new String[] {MEAN, STANDARD_DEVIATION}) {
      if (!metrics.containsKey(metric)) {
        throw new IllegalArgumentException("the prepared data has no '" + metric + "' metric; a regression dataset "
            + "must be prepared by this version's data prep (rerun the prepare-data stage)");
      }
    }
    return new TargetStandardization(metrics.get(MEAN), metrics.get(STANDARD_DEVIATION));
  }

  /** The statistics as data prep's stage metrics. */
  Map<String, Double> toMetrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(MEAN, mean);
    metrics.put(STANDARD_DEVIATION, standardDeviation);
    return metrics;
  }

  /** A target standardized. */
  float apply(float target) {
    return (float) ((target - mean) / standardDeviation);
  }

  /** A standardized value (a target or a model's prediction) in the target's own units. */
  public double toOriginal(double standardized) {
    return standardized * standardDeviation + mean;
  }
}
