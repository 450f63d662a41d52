package ai.pretrain.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Test-split regression metrics of each model side by side, in the target's own units: mean squared error, mean
 * absolute error and R², the regression run's answer to "did pretraining help?".
 */
public record RegressionComparisonTable(Map<String, RegressionMetrics> models) implements ModelComparison {

  /** A column of the table: its metric name in the stage metrics and its heading in Markdown. */
  private record Column(String metric, String heading, ToDoubleFunction<RegressionMetrics> value) {}

  private static final List<Column> COLUMNS = List.of(
      new Column("mse", "MSE", RegressionMetrics::mse),
      new Column("mae", "MAE", RegressionMetrics::mae),
      new Column("r2", "R²", RegressionMetrics::r2));

  public RegressionComparisonTable {
    models = new LinkedHashMap<>(models);
  }

  @Override
  public String toMarkdown() {
    StringBuilder md = new StringBuilder("| model |");
    COLUMNS.forEach(c -> md.append(' ').append(c.heading()).append(" |"));
    md.append("\n| --- |");
    COLUMNS.forEach(c -> md.append(" ---: |"));
    md.append('\n');
    models.forEach((name, metrics) -> {
      md.append("| ").append(name).append(" |");
      COLUMNS.forEach(c -> md.append(' ')
          .append(String.format(Locale.ROOT, "%.4f", c.value().applyAsDouble(metrics))).append(" |"));
      md.append('\n');
    });
    return md.toString();
  }

  /** {@code <model>.mse}, {@code <model>.mae} and {@code <model>.r2} for every model. */
  @Override
  public Map<String, Double> toMetrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    models.keySet().forEach(name -> metricsOf(name).forEach((metric, value) -> metrics.put(name + "." + metric, value)));
    return metrics;
  }

  @Override
  public Map<String, Double> metricsOf(String model) {
    RegressionMetrics scores = models.get(model);
    Map<String, Double> row = new LinkedHashMap<>();
    COLUMNS.forEach(c -> row.put(c.metric(), c.value().applyAsDouble(scores)));
    return row;
  }

  @Override
  public Map<String, Object> toReport() {
    Map<String, Object> report = new LinkedHashMap<>();
    models.keySet().forEach(name -> report.put(name, metricsOf(name)));
    return Map.of("models", report);
  }
}
