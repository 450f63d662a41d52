package ai.pretrain.evaluation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Test-split metrics of each model side by side: the run's answer to "did pretraining help?". */
public record ComparisonTable(Map<String, ClassificationMetrics> models) {

  public ComparisonTable {
    models = new LinkedHashMap<>(models);
  }

  public String toMarkdown() {
    StringBuilder md = new StringBuilder("| model | accuracy | precision (macro) | recall (macro) | F1 (macro) |\n")
        .append("| --- | ---: | ---: | ---: | ---: |\n");
    models.forEach((name, m) -> md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f |%n",
        name, m.accuracy(), m.precision(), m.recall(), m.f1())));
    return md.toString();
  }

  /** Flat metrics for the stage result: {@code <model>.accuracy}, {@code .precision}, {@code .recall}, {@code .f1}. */
  public Map<String, Double> toMetrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    models.keySet().forEach(name -> metricsOf(name).forEach((metric, value) -> metrics.put(name + "." + metric, value)));
    return metrics;
  }

  /** One model's row: {@code accuracy}, {@code precision}, {@code recall}, {@code f1}. */
  public Map<String, Double> metricsOf(String model) {
    ClassificationMetrics m = models.get(model);
    Map<String, Double> row = new LinkedHashMap<>();
    row.put("accuracy", m.accuracy());
    row.put("precision", m.precision());
    row.put("recall", m.recall());
    row.put("f1", m.f1());
    return row;
  }
}
