package ai.pretrain.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  public Set<String> modelNames() {
    return models.keySet();
  }

  @Override
  public String toMarkdown() {
    List<String> headings = new ArrayList<>(List.of("model"));
    COLUMNS.forEach(c -> headings.add(c.heading()));
    MarkdownTable table = new MarkdownTable(headings, false);
    models.forEach((name, metrics) ->
        table.row(name, COLUMNS.stream().map(c -> c.value().applyAsDouble(metrics)).toList()));
    return table.toString();
  }

  /** {@code mse}, {@code mae} and {@code r2}. */
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
