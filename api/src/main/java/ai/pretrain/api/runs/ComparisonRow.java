package ai.pretrain.api.runs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One model's test-split scores (macro averages) in a run's evaluation. */
public record ComparisonRow(String model, Double accuracy, Double precision, Double recall, Double f1) {

  /** Rows from the evaluate stage's {@code <model>.<metric>} metrics, models in the order the stage reported them. */
  static List<ComparisonRow> table(Map<String, Double> metrics) {
    Set<String> models = new LinkedHashSet<>();
    metrics.keySet().stream()
        .filter(key -> key.endsWith(".accuracy"))
        .forEach(key -> models.add(key.substring(0, key.length() - ".accuracy".length())));
    List<ComparisonRow> rows = new ArrayList<>();
    for (String model : models) {
      rows.add(new ComparisonRow(model, metrics.get(model + ".accuracy"), metrics.get(model + ".precision"),
          metrics.get(model + ".recall"), metrics.get(model + ".f1")));
    }
    return rows;
  }
}
