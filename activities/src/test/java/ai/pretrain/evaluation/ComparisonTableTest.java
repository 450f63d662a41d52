package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

  private static ComparisonTable table() {
    Map<String, ClassificationMetrics> models = new LinkedHashMap<>();
    models.put("pretrained", new ClassificationMetrics(0.91234, 0.9, 0.89, 0.895, new long[0][0]));
    models.put("scratch", new ClassificationMetrics(0.5, 0.25, 0.125, 1.0 / 3, new long[0][0]));
    return new ComparisonTable(models);
  }

  @Test
  void writesOneMarkdownRowPerModelInInsertionOrderWithFourDecimals() {
    assertEquals("""
        | model | accuracy | precision (macro) | recall (macro) | F1 (macro) |
        | --- | ---: | ---: | ---: | ---: |
        | pretrained | 0.9123 | 0.9000 | 0.8900 | 0.8950 |
        | scratch | 0.5000 | 0.2500 | 0.1250 | 0.3333 |
        """, table().toMarkdown().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void flattensMetricsAsModelDotMetric() {
    Map<String, Double> metrics = table().toMetrics();

    assertEquals(List.of(
        "pretrained.accuracy", "pretrained.precision", "pretrained.recall", "pretrained.f1",
        "scratch.accuracy", "scratch.precision", "scratch.recall", "scratch.f1"), List.copyOf(metrics.keySet()));
    assertEquals(0.91234, metrics.get("pretrained.accuracy"));
    assertEquals(0.125, metrics.get("scratch.recall"));
    assertEquals(1.0 / 3, metrics.get("scratch.f1"));
  }

  @Test
  void copiesTheModelsSoLaterChangesToTheCallersMapDoNotLeakIn() {
    Map<String, ClassificationMetrics> models = new LinkedHashMap<>();
    models.put("only", new ClassificationMetrics(1, 1, 1, 1, new long[0][0]));
    ComparisonTable table = new ComparisonTable(models);
    models.put("late", new ClassificationMetrics(0, 0, 0, 0, new long[0][0]));

    assertEquals(List.of("only"), List.copyOf(table.models().keySet()));
  }
}
