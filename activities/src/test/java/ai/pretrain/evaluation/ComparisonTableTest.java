package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every example right with certainty. */
  private static final ClassifierEvaluation PERFECT =
      ClassifierEvaluation.of(new int[] {0, 1, 1}, new double[][] {{1, 0}, {0, 1}, {0, 1}});

  /** {@link RocCurveTest}'s three-class fixture, whose reference values came from scikit-learn. */
  private static final ClassifierEvaluation FIXTURE =
      ClassifierEvaluation.of(RocCurveTest.LABELS, RocCurveTest.PROBABILITIES);

  private static ComparisonTable table() {
    Map<String, ClassifierEvaluation> models = new LinkedHashMap<>();
    models.put("pretrained", FIXTURE);
    models.put("scratch", FIXTURE);
    return new ComparisonTable(models);
  }

  @Test
  void flattensEveryMetricAsModelDotMetricKeepingTheMacroNamesFirst() {
    Map<String, Double> metrics = table().toMetrics();

    List<String> names = List.of("accuracy", "precision", "recall", "f1", "precisionMicro", "recallMicro", "f1Micro",
        "precisionWeighted", "recallWeighted", "f1Weighted", "aucMacro", "logLoss");
    assertEquals(names.stream().map(n -> "pretrained." + n).toList(),
        List.copyOf(metrics.keySet()).subList(0, names.size()));
    assertEquals(2 * names.size(), metrics.size());
    assertEquals(FIXTURE.classification().accuracy(), metrics.get("scratch.accuracy"));
    assertEquals(FIXTURE.classification().macro().f1(), metrics.get("scratch.f1"));
    assertEquals(FIXTURE.classification().micro().f1(), metrics.get("scratch.f1Micro"));
    assertEquals(0.8263888888888888, metrics.get("pretrained.aucMacro"), 1e-12);
    assertEquals(0.8865899965705794, metrics.get("pretrained.logLoss"), 1e-12);
  }

  @Test
  void leavesOutAMetricTheTestSplitCannotDefine() {
    ClassifierEvaluation oneClass = ClassifierEvaluation.of(new int[] {1, 1}, new double[][] {{0.2, 0.8}, {0.6, 0.4}});

    Map<String, Double> metrics = new ComparisonTable(Map.of("only", oneClass)).toMetrics();

    assertFalse(metrics.containsKey("only.aucMacro"), metrics.toString());
    assertEquals(0.5, metrics.get("only.accuracy"));
    metrics.values().forEach(value -> assertTrue(Double.isFinite(value)));
  }

  @Test
  void writesTheHeadlineTableAndF1PerClassWithFourDecimals() {
    Map<String, ClassifierEvaluation> models = new LinkedHashMap<>();
    models.put("pretrained", PERFECT);
    models.put("scratch", ClassifierEvaluation.of(new int[] {0, 1, 1}, new double[][] {{1, 0}, {1, 0}, {1, 0}}));

    String md = new ComparisonTable(models).toMarkdown().replace(System.lineSeparator(), "\n");

    assertEquals("""
        | model | accuracy | precision (macro) | recall (macro) | F1 (macro) | F1 (micro) | F1 (weighted) \
        | AUC (macro, one-vs-rest) | log-loss |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        | pretrained | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 0.0000 |
        | scratch | 0.3333 | 0.1667 | 0.5000 | 0.2500 | 0.3333 | 0.1667 | 0.5000 | 24.0291 |

        F1 per class:

        | class | pretrained | scratch |
        | ---: | ---: | ---: |
        | 0 | 1.0000 | 0.5000 |
        | 1 | 1.0000 | 0.0000 |
        """, md);
  }

  @Test
  void reportHoldsEveryMetricPerClassRowsAndTheConfusionMatrixAsPlainJson() throws Exception {
    JsonNode report = JSON.readTree(JSON.writeValueAsBytes(table().toReport()));

    JsonNode model = report.get("models").get("pretrained");
    assertEquals(FIXTURE.classification().accuracy(), model.get("accuracy").asDouble());
    assertEquals(FIXTURE.aucMacro(), model.get("aucMacro").asDouble());
    assertEquals(3, model.get("perClass").size());
    JsonNode classOne = model.get("perClass").get(1);
    ClassScores expected = FIXTURE.classification().perClass().get(1);
    assertEquals(1, classOne.get("label").asInt());
    assertEquals(expected.precision(), classOne.get("precision").asDouble());
    assertEquals(expected.recall(), classOne.get("recall").asDouble());
    assertEquals(expected.f1(), classOne.get("f1").asDouble());
    assertEquals(4, classOne.get("support").asLong());
    assertEquals(0.6458333333333333, classOne.get("auc").asDouble(), 1e-12);
    assertEquals("[[3,0,0],[0,3,1],[0,1,2]]", model.get("confusion").toString());
    assertTrue(report.get("models").has("scratch"));
  }

  @Test
  void rocCurvesListEveryClassPointsWithTheInfiniteThresholdAsNull() throws Exception {
    JsonNode roc = JSON.readTree(JSON.writeValueAsBytes(table().toRocCurves()));

    JsonNode model = roc.get("models").get("scratch");
    assertEquals(0.8263888888888888, model.get("aucMacro").asDouble(), 1e-12);
    assertEquals(3, model.get("classes").size());
    JsonNode classZero = model.get("classes").get(0);
    assertEquals(0, classZero.get("label").asInt());
    assertEquals(6, classZero.get("falsePositiveRate").size());
    assertEquals(6, classZero.get("truePositiveRate").size());
    assertTrue(classZero.get("thresholds").get(0).isNull());
    assertEquals(0.7, classZero.get("thresholds").get(1).asDouble());
  }

  @Test
  void undefinedValuesAreNullInTheJsonArtifacts() throws Exception {
    ClassifierEvaluation oneClass = ClassifierEvaluation.of(new int[] {1, 1}, new double[][] {{0.2, 0.8}, {0.6, 0.4}});
    ComparisonTable table = new ComparisonTable(Map.of("only", oneClass));

    String report = JSON.writeValueAsString(table.toReport());
    String roc = JSON.writeValueAsString(table.toRocCurves());

    assertFalse(report.contains("NaN") || roc.contains("NaN") || roc.contains("Infinity"), report + roc);
    assertNull(JSON.readTree(report).get("models").get("only").get("aucMacro").numberValue());
  }

  @Test
  void copiesTheModelsSoLaterChangesToTheCallersMapDoNotLeakIn() {
    Map<String, ClassifierEvaluation> models = new LinkedHashMap<>();
    models.put("only", PERFECT);
    ComparisonTable table = new ComparisonTable(models);
    models.put("late", PERFECT);

    assertEquals(List.of("only"), List.copyOf(table.models().keySet()));
  }
}
