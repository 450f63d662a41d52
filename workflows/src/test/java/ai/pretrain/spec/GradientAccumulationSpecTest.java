package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code fineTune.gradientAccumulation} and {@code fineTune.maxSequenceLength} in a spec; accumulation in sweeps. */
class GradientAccumulationSpecTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void accumulationParsesAndSweeps() {
    PipelineSpec spec = parser.parse("""
        name: accumulate
        dataset: {name: mnist}
        fineTune: {gradientAccumulation: 4}
        sweep: {parameters: {fineTune.gradientAccumulation: [1, 2, 4]}}
        """);

    assertEquals(4, spec.fineTune().accumulationSteps());
    assertEquals(2, spec.fineTune().with("gradientAccumulation", 2).accumulationSteps());
  }

  @Test
  void theSequenceLengthIsAnImportedCheckpointsAndDefaultsTo128() {
    String imported = """
        name: minilm
        dataset: {name: spam-assassin}
        pretrain: {from: {uri: 's3://models/all-MiniLM-L6-v2/'}}
        fineTune: {maxSequenceLength: 64}
        """;

    assertEquals(64, parser.parse(imported).fineTune().sequenceLength());
    assertEquals(128, parser.parse(imported.replace("fineTune: {maxSequenceLength: 64}\n", ""))
        .fineTune().sequenceLength());
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(
        "name: own\ndataset: {name: mnist}\nfineTune: {maxSequenceLength: 64}\n"));
    assertEquals("fineTune.maxSequenceLength", e.violations().get(0).field(), e.violations().toString());
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
