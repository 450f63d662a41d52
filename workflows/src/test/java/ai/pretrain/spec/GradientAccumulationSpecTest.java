package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code fineTune.gradientAccumulation} and {@code fineTune.maxSequenceLength} in a spec; accumulation in sweeps. */
class GradientAccumulationSpecTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void accumulationAndSequenceLengthParseAndAccumulationSweeps() {
    PipelineSpec spec = parser.parse("""
        name: accumulate
        dataset: {name: mnist}
        fineTune: {gradientAccumulation: 4, maxSequenceLength: 128}
        sweep: {parameters: {fineTune.gradientAccumulation: [1, 2, 4]}}
        """);

    assertEquals(4, spec.fineTune().accumulationSteps());
    assertEquals(128, spec.fineTune().maxSequenceLength());
    assertEquals(2, spec.fineTune().with("gradientAccumulation", 2).accumulationSteps());
  }

  @Test
  void noAccumulationIsOneStepPerBatch() {
    assertEquals(1, parser.parse("name: plain\ndataset: {name: mnist}\n").fineTune().accumulationSteps());
  }

  @Test
  void zeroIsAViolationNamingTheField() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(
        "name: zero\ndataset: {name: mnist}\nfineTune: {gradientAccumulation: 0}\n"));

    assertTrue(e.violations().stream().anyMatch(v -> v.field().equals("fineTune.gradientAccumulation")),
        e.violations().toString());
  }
}
