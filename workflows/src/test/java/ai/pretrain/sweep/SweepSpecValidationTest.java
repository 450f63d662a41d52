package ai.pretrain.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.spec.InvalidSpecException;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.spec.SweepSpec;
import ai.pretrain.spec.SweepSpec.Dimension;
import ai.pretrain.spec.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The sweep section of the spec: the search-space forms, the old grid form, and every invalid space by its field. */
class SweepSpecValidationTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void everyDimensionTypeParsesAndTheListFormIsAChoice() {
    PipelineSpec spec = parser.parse("""
        name: x
        dataset: {name: mnist}
        sweep:
          method: tpe
          maxTrials: 20
          scheduler: asha
          maxEpochs: 27
          parameters:
            fineTune.learningRate: {type: loguniform, min: 1.0e-4, max: 1.0e-1}
            fineTune.weightDecay: {type: quniform, min: 0, max: 0.01, q: 0.001}
            fineTune.batchSize: {type: int, min: 16, max: 64}
            fineTune.patience: [3, 5]
        """);

    SweepSpec sweep = spec.sweep();
    assertEquals(Dimension.range("loguniform", 1e-4, 1e-1), sweep.parameters().get("fineTune.learningRate"));
    assertEquals(Dimension.quantized(0, 0.01, 0.001), sweep.parameters().get("fineTune.weightDecay"));
    assertEquals(new Dimension("int", null, 16.0, 64.0, null), sweep.parameters().get("fineTune.batchSize"));
    assertEquals(Dimension.choice(List.of(3.0, 5.0)), sweep.parameters().get("fineTune.patience"));
    assertEquals("asha", sweep.scheduler());
    assertEquals(3, sweep.reductionFactor());
    assertEquals(List.of(1, 3, 9, 27), TrialScheduler.of(sweep, sweep.maxEpochs(spec.fineTune())).rungs());
  }

  @Test
  void theFirstVersionsGridFormStillParsesAsAGridOverChoices() {
    PipelineSpec spec = parser.parse("""
        name: x
        dataset: {name: mnist}
        sweep:
          parameters:
            fineTune.learningRate: [0.001, 0.003]
            fineTune.epochs: [5, 10]
        """);

    assertEquals("grid", spec.sweep().method());
    assertEquals("fifo", spec.sweep().scheduler());
    assertEquals(4, spec.sweep().trialLimit());
    assertEquals(4, GridSearch.points(spec.sweep().parameters()).size());
  }

  @Test
  void invalidSpacesAreReportedWithTheirFieldPaths() {
    Map<String, String> byField = violationsOf("""
        name: x
        dataset: {name: mnist}
        sweep:
          method: grid
          scheduler: asha
          parameters:
            fineTune.learningRate: {type: loguniform, min: 0, max: 0.1}
            fineTune.weightDecay: {type: uniform, min: 0.5, max: 0.1}
            fineTune.batchSize: {type: uniform, min: 8, max: 64}
            fineTune.patience: {type: quniform, min: 1, max: 9}
            fineTune.epochs: [5, 10]
        """);

    assertTrue(byField.get("sweep.parameters.fineTune.learningRate.min").contains("greater than 0"), byField.toString());
    assertTrue(byField.get("sweep.parameters.fineTune.weightDecay.max").contains("greater than min"), byField.toString());
    assertTrue(byField.get("sweep.parameters.fineTune.batchSize.type").contains("whole number"), byField.toString());
    assertTrue(byField.get("sweep.parameters.fineTune.patience.q").contains("required"), byField.toString());
    assertTrue(byField.get("sweep.parameters.fineTune.epochs").contains("scheduler asha"), byField.toString());
  }

  @Test
  void schemaRejectsUnknownTypesAndFieldsInADimension() {
    Map<String, String> byField = violationsOf("""
        name: x
        dataset: {name: mnist}
        sweep:
          method: random
          parameters:
            fineTune.learningRate: {type: normal, mu: 0.001}
        """);

    assertTrue(byField.keySet().stream().anyMatch(f -> f.startsWith("sweep.parameters.fineTune.learningRate")),
        byField.toString());
  }

  @Test
  void randomAndTpeNeedMaxTrialsAndGridNeedsChoices() {
    Map<String, String> random = violationsOf("""
        name: x
        dataset: {name: mnist}
        sweep: {method: random, parameters: {fineTune.learningRate: {type: uniform, min: 0.001, max: 0.01}}}
        """);
    Map<String, String> grid = violationsOf("""
        name: x
        dataset: {name: mnist}
        sweep: {parameters: {fineTune.learningRate: {type: uniform, min: 0.001, max: 0.01}}}
        """);

    assertTrue(random.get("sweep.maxTrials").contains("required"), random.toString());
    assertTrue(grid.get("sweep.parameters.fineTune.learningRate.type").contains("grid search takes only choice"),
        grid.toString());
  }

  @Test
  void valuesOutsideTheFieldsOwnRangeAndAModeThatContradictsTheMetricAreRejected() {
    Map<String, String> byField = violationsOf("""
        name: x
        dataset: {name: mnist}
        sweep:
          metric: trainLoss
          parameters:
            fineTune.weightDecay: [0, 2]
            fineTune.batchSize: [16, 24.5]
        """);

    assertTrue(byField.get("sweep.parameters.fineTune.weightDecay").contains("range [0, 1]"), byField.toString());
    assertTrue(byField.get("sweep.parameters.fineTune.batchSize.values").contains("whole numbers"), byField.toString());
    assertTrue(byField.get("sweep.mode").contains("use mode min"), byField.toString());
  }

  private Map<String, String> violationsOf(String yaml) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(yaml));
    return e.violations().stream().collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + "; " + b));
  }
}
