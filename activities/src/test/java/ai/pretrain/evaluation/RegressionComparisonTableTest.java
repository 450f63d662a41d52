package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegressionComparisonTableTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Targets 1, 2, 3, 4 (mean 2.5, total sum of squares 5). */
  private static final double[] TARGETS = {1, 2, 3, 4};

  private static RegressionComparisonTable table() {
    Map<String, RegressionMetrics> models = new LinkedHashMap<>();
    // errors 0, 0, 0, 1: MSE 0.25, MAE 0.25, R² 1 - 1/5
    models.put("pretrained", RegressionMetrics.of(TARGETS, new double[] {1, 2, 3, 5}));
    // the mean everywhere: MSE 1.25, MAE 1, R² 0
    models.put("scratch", RegressionMetrics.of(TARGETS, new double[] {2.5, 2.5, 2.5, 2.5}));
    return new RegressionComparisonTable(models);
  }

  @Test
  void flattensMseMaeAndR2PerModelInTheTargetsUnits() {
    Map<String, Double> metrics = table().toMetrics();

    assertEquals(List.of("pretrained.mse", "pretrained.mae", "pretrained.r2", "scratch.mse", "scratch.mae",
        "scratch.r2"), List.copyOf(metrics.keySet()));
    assertEquals(0.25, metrics.get("pretrained.mse"), 1e-12);
    assertEquals(0.25, metrics.get("pretrained.mae"), 1e-12);
    assertEquals(0.8, metrics.get("pretrained.r2"), 1e-12);
    assertEquals(1.25, metrics.get("scratch.mse"), 1e-12);
    assertEquals(1.0, metrics.get("scratch.mae"), 1e-12);
    assertEquals(0.0, metrics.get("scratch.r2"), 1e-12);
    assertEquals(List.of("mse", "mae", "r2"), List.copyOf(table().metricsOf("pretrained").keySet()));
  }

  @Test
  void markdownHasAModelPerRowAndMetricsAcross() {
    assertEquals("""
        | model | MSE | MAE | R² |
        | --- | ---: | ---: | ---: |
        | pretrained | 0.2500 | 0.2500 | 0.8000 |
        | scratch | 1.2500 | 1.0000 | 0.0000 |
        """, table().toMarkdown());
  }

  @Test
  void theJsonReportHasEachModelsMetricsAndNoClassificationParts() {
    JsonNode report = JSON.valueToTree(table().toReport());

    JsonNode pretrained = report.path("models").path("pretrained");
    assertEquals(0.8, pretrained.path("r2").asDouble(), 1e-12);
    assertEquals(List.of("mse", "mae", "r2"), fieldNames(pretrained));
    assertEquals(1.25, report.path("models").path("scratch").path("mse").asDouble(), 1e-12);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
