package ai.pretrain.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A comparison with the metric plugins' columns ({@code evaluate.metrics}) added to the built-in ones: in the flat
 * metrics as {@code <model>.<metric>}, in each model's JSON entry, and as a second Markdown table.
 */
final class PluginMetrics implements ModelComparison {

  private final ModelComparison builtIn;
  private final List<String> metrics;
  private final Map<String, Map<String, Double>> scores;

  /** {@code scores}: model, then metric name, then value, every model scored by every metric. */
  PluginMetrics(ModelComparison builtIn, List<String> metrics, Map<String, Map<String, Double>> scores) {
    this.builtIn = builtIn;
    this.metrics = List.copyOf(metrics);
    this.scores = scores;
  }

  @Override
  public Set<String> modelNames() {
    return builtIn.modelNames();
  }

  @Override
  public String toMarkdown() {
    List<String> headings = new ArrayList<>(List.of("model"));
    headings.addAll(metrics);
    MarkdownTable table = new MarkdownTable(headings, false);
    scores.forEach((model, values) -> table.row(model, metrics.stream().map(values::get).toList()));
    return builtIn.toMarkdown() + "\n" + table;
  }

  @Override
  public Map<String, Double> metricsOf(String model) {
    Map<String, Double> row = new LinkedHashMap<>(builtIn.metricsOf(model));
    row.putAll(scores.get(model));
    return row;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> toReport() {
    Map<String, Object> models = new LinkedHashMap<>((Map<String, Object>) builtIn.toReport().get("models"));
    scores.forEach((model, values) -> {
      Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) models.get(model));
      entry.putAll(values);
      models.put(model, entry);
    });
    return Map.of("models", models);
  }
}
