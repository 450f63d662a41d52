package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import org.junit.jupiter.api.Test;

/** The encoder's shape is the same whatever its pretraining settings, and reads a whole pretrain spec's JSON. */
class EncoderSpecTest {

  private static final SpecParser PARSER = new SpecParser();

  private static PretrainSpec pretrain(String yaml) {
    String dataset = yaml.contains("transformer") ? "spam-assassin" : "mnist";
    return PARSER.parse("name: e\ndataset: {name: " + dataset + "}\npretrain:\n" + yaml).pretrain();
  }

  @Test
  void pretrainingSettingsAreNotPartOfTheShape() {
    PretrainSpec base = pretrain("  hiddenUnits: [128]\n  latentUnits: 32\n");
    PretrainSpec trainedOtherwise = pretrain("  hiddenUnits: [128]\n  latentUnits: 32\n  epochs: 3\n"
        + "  learningRate: 0.01\n  corruption: gaussian\n  corruptionLevel: 0.5\n  objective: contrastive\n");

    assertEquals(base.encoder(), trainedOtherwise.encoder());
    assertNotEquals(base.encoder(), pretrain("  hiddenUnits: [128]\n  latentUnits: 64\n").encoder());
    assertNull(base.encoder().objective(), "an MLP's objective does not shape it");
  }

  @Test
  void aTransformersObjectiveShapesItsAttentionAndItsMaskRateDoesNot() {
    PretrainSpec masked = pretrain("  architecture: transformer\n");
    PretrainSpec otherMask = pretrain("  architecture: transformer\n  transformer: {maskRate: 0.3}\n");
    PretrainSpec causal = pretrain("  architecture: transformer\n  objective: causal-lm\n");

    assertEquals(masked.encoder(), otherMask.encoder());
    assertNotEquals(masked.encoder(), causal.encoder());
  }

  @Test
  void readsAPretrainSpecsJsonAsActivityTasksScheduledEarlierCarryIt() {
    DataConverter converter = DefaultDataConverter.newDefaultInstance();
    PretrainSpec spec = pretrain("  hiddenUnits: [64]\n  latentUnits: 16\n  epochs: 4\n");

    EncoderSpec read = converter.fromPayloads(0, converter.toPayloads(spec), EncoderSpec.class, EncoderSpec.class);

    assertEquals(spec.encoder(), read);
  }
}
