package ai.pretrain.api.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One model's test-split scores in a run's evaluation: a classifier's accuracy and macro precision, recall and F1, or
 * a regression's MSE, MAE and R² (the other kind's fields null), and every score the stage reported for the model,
 * the spec's metric plugins included, in {@code scores}.
 */
public record ComparisonRow(
    String model,
    @Schema(nullable = true) Double accuracy,
    @Schema(nullable = true) Double precision,
    @Schema(nullable = true) Double recall,
    @Schema(nullable = true) Double f1,
    @Schema(nullable = true) Double mse,
    @Schema(nullable = true) Double mae,
    @Schema(nullable = true) Double r2,
    Map<String, Double> scores) {

  /** Rows from the evaluate stage's {@code <model>.<metric>} metrics, models in the order the stage reported them. */
  static List<ComparisonRow> table(Map<String, Double> metrics) {
    Set<String> models = new LinkedHashSet<>();
    for (String key : metrics.keySet()) {
      for (String headline : List.of(".accuracy", ".r2")) {
        if (key.endsWith(headline)) {
          models.add(key.substring(0, key.length() - headline.length()));
        }
      }
    }
    List<ComparisonRow> rows = new ArrayList<>();
    for (String model : models) {
      Map<String, Double> scores = new LinkedHashMap<>();
      metrics.forEach((key, value) -> {
        if (key.startsWith(model + ".")) {
          scores.put(key.substring(model.length() + 1), value);
        }
      });
      rows.add(new ComparisonRow(model, scores.get("accuracy"), scores.get("precision"), scores.get("recall"),
          scores.get("f1"), scores.get("mse"), scores.get("mae"), scores.get("r2"), scores));
    }
    return rows;
  }
}
