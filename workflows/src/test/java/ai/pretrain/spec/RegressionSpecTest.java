package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a spec may say about a dataset with a continuous target: no accuracy to watch or rank by, no image changes. */
class RegressionSpecTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void aRegressionWatchesTheValidationLossUnlessTheSpecSaysOtherwise() {
    PipelineSpec spec = parser.parse("{name: x, dataset: {name: diabetes}}");
    PipelineSpec withFineTune = parser.parse("{name: x, dataset: {name: diabetes}, fineTune: {epochs: 7}}");

    assertEquals("validationLoss", spec.fineTune().monitor());
    assertEquals(FineTuneSpec.defaults().epochs(), spec.fineTune().epochs());
    assertEquals("validationLoss", withFineTune.fineTune().monitor());
    assertEquals(7, withFineTune.fineTune().epochs());
  }

  @Test
  void aClassificationKeepsWatchingAccuracyByDefault() {
    assertEquals("validationAccuracy", parser.parse("{name: x, dataset: {name: wine}}").fineTune().monitor());
  }

  @Test
  void accuracyAndAugmentationsOnARegressionAreViolationsNamingTheFieldAndTheFix() {
    Map<String, String> violations = violationsOf("""
        name: x
        dataset: {name: diabetes}
        fineTune:
          monitor: validationAccuracy
          augmentations: [{name: rotation}]
        sweep:
          parameters: {fineTune.learningRate: [0.001, 0.003]}
        """);

    assertTrue(violations.get("fineTune.monitor").contains("'diabetes' is a regression")
        && violations.get("fineTune.monitor").contains("use validationLoss"), violations.toString());
    assertTrue(violations.get("sweep.metric").contains("the default metric")
        && violations.get("sweep.metric").contains("set metric: validationLoss (the validation mean squared error) and mode: min"), violations.toString());
    assertTrue(violations.get("fineTune.augmentations").contains("'diabetes' is not images"), violations.toString());
    assertEquals(3, violations.size(), violations.toString());
  }

  @Test
  void aRegressionSweepRanksByALoss() {
    for (String metric : List.of("validationLoss", "trainLoss")) {
      PipelineSpec spec = parser.parse("""
          name: x
          dataset: {name: diabetes}
          sweep:
            parameters: {fineTune.learningRate: [0.001, 0.003]}
            metric: %s
            mode: min
          """.formatted(metric));
      assertEquals(metric, spec.sweep().metric());
    }
    assertEquals("validationLoss is minimised; use mode min", violationsOf("""
        name: x
        dataset: {name: diabetes}
        sweep: {parameters: {fineTune.learningRate: [0.001]}, metric: validationLoss, mode: max}
        """).get("sweep.mode"));
  }

  private Map<String, String> violationsOf(String yaml) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(yaml));
    return e.violations().stream()
        .collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + " | " + b));
  }
}
