package ai.pretrain.api.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonRowTest {

  @Test
  void aRegressionsRowsCarryItsErrorsAndTheMetricPluginsScores() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("pretrained.mse", 3349.7);
    metrics.put("pretrained.mae", 43.75);
    metrics.put("pretrained.r2", 0.331);
    metrics.put("pretrained.median-absolute-error", 36.5);
    metrics.put("scratch.mse", 3357.6);
    metrics.put("scratch.mae", 45.16);
    metrics.put("scratch.r2", 0.330);
    metrics.put("scratch.median-absolute-error", 38.0);

    List<ComparisonRow> rows = ComparisonRow.table(metrics);

    assertEquals(List.of("pretrained", "scratch"), rows.stream().map(ComparisonRow::model).toList());
    ComparisonRow pretrained = rows.get(0);
    assertEquals(List.of(3349.7, 43.75, 0.331), List.of(pretrained.mse(), pretrained.mae(), pretrained.r2()));
    assertNull(pretrained.accuracy());
    assertEquals(36.5, pretrained.scores().get("median-absolute-error"));
    assertEquals(4, pretrained.scores().size());
  }
}
