package ai.pretrain.huggingface;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.Violation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layer names the API checks globs against at submit are those of the network the adapt stage builds, for every
 * family's fixture.
 */
class CheckpointLayersTest {

  @ParameterizedTest
  @ValueSource(strings = {"tiny-bert", "tiny-roberta", "tiny-xlm-roberta", "tiny-distilbert", "tiny-electra"})
  void theNamesFromConfigJsonAreTheClassifiersLayers(String fixture) throws Exception {
    BertConfig config = BertConfig.read(BertCheckpointParityTest.FIXTURES.resolve(fixture).resolve("config.json"));

    assertEquals(List.copyOf(new BertSequenceClassifier(config, 2, Set.of(), null).layers().keySet()),
        CheckpointLayers.all(config));
    assertEquals(BertSequenceClassifier.linearLayers(config), CheckpointLayers.linear(config));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-roberta", "tiny-distilbert"})
  void aGlobOfAnotherFamilyIsAViolationListingTheCheckpointsLayers(String fixture) throws Exception {
    BertConfig config = BertConfig.read(BertCheckpointParityTest.FIXTURES.resolve(fixture).resolve("config.json"));
    String other = config.family() == EncoderFamily.DISTILBERT ? "encoder.layer.*" : "transformer.layer.*";
    AdaptSpec adapt = new AdaptSpec(0, 0.0, false, List.of(other), new LoraSpec(4, 8.0, List.of(other + ".query")));

    assertEquals(List.of(
        new Violation("adapt.freeze", "'" + other + "' matches no layer of the checkpoint; its layers are "
            + String.join(", ", CheckpointLayers.all(config))),
        new Violation("adapt.lora.layers", "'" + other + ".query' matches no linear layer of the checkpoint; they are "
            + String.join(", ", CheckpointLayers.linear(config)))),
        CheckpointLayers.violations(config, adapt));
  }
}
