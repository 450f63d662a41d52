package ai.pretrain.evaluation;

import java.util.Map;

/** The evaluate stage's models side by side on the test split, in the forms the stage stores. */
public interface ModelComparison {

  /** The {@code comparison-md} artifact. */
  String toMarkdown();

  /** Flat metrics for the stage result, {@code <model>.<metric>}. */
  Map<String, Double> toMetrics();

  /** One model's row, named as in {@link #toMetrics()} without the model prefix. */
  Map<String, Double> metricsOf(String model);

  /** The {@code comparison-json} artifact: {@code {"models": {<model>: {<metric>: value, ...}}}}. */
  Map<String, Object> toReport();
}
