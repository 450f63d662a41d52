package ai.pretrain.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The evaluate stage's models side by side on the test split, in the forms the stage stores. */
public interface ModelComparison {

  /** The {@code comparison-md} artifact. */
  String toMarkdown();

  /** The models compared, in the order the table shows them. */
  Set<String> modelNames();

  /** Flat metrics for the stage result, {@code <model>.<metric>}: every model's {@link #metricsOf} row. */
  default Map<String, Double> toMetrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    modelNames().forEach(name -> metricsOf(name).forEach((metric, value) -> metrics.put(name + "." + metric, value)));
    return metrics;
  }

  /** One model's row, named as in {@link #toMetrics()} without the model prefix. */
  Map<String, Double> metricsOf(String model);

  /** The {@code comparison-json} artifact: {@code {"models": {<model>: {<metric>: value, ...}}}}. */
  Map<String, Object> toReport();
}
