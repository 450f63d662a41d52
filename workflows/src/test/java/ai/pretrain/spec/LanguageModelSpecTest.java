package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Specs for text: a transformer pretrained by language modelling, continued pretraining and its baseline. */
class LanguageModelSpecTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void aTextSpecParsesWithTheTransformerDefaults() {
    PipelineSpec spec = parser.parse("""
        name: spam
        dataset: {name: spam-assassin}
        pretrain: {architecture: transformer, corpus: moby-dick}
        adapt: {continuedPretraining: {epochs: 2}}
        evaluate: {baselines: [scratch, general-pretrained]}
        """);
    PretrainSpec pretrain = spec.pretrain();
    assertTrue(pretrain.usesTransformer());
    assertEquals(PretrainSpec.MASKED_LM, pretrain.objective());
    assertEquals(TransformerSpec.defaults(), pretrain.transformer());
    assertEquals(List.of("encoder.0", "head.0"), spec.adapt().layerNames(SpecParserTest.layers(spec)));
    assertEquals(new ContinuedPretrainingSpec(2, 32, 5e-4, 0), spec.adapt().continuedPretraining());
    assertNull(EvaluateSpec.adaptOf(EvaluateSpec.GENERAL_PRETRAINED, spec.adapt()).continuedPretraining());
    assertNull(EvaluateSpec.adaptOf(EvaluateSpec.SCRATCH, spec.adapt()).continuedPretraining());
  }

  @Test
  void anImageOrTableSpecKeepsItsAutoencoder() {
    PretrainSpec pretrain = parser.parse("{name: x, dataset: {name: mnist}}").pretrain();
    assertEquals(PretrainSpec.DENOISING_AUTOENCODER, pretrain.objective());
    assertNull(pretrain.transformer());
    assertNull(pretrain.corpus());
  }

  @Test
  void textNeedsTheTransformerAndTheTransformerNeedsText() {
    assertEquals("mlp reads images or tables and dataset 'spam-assassin' is text; use transformer",
        violationsOf("{name: x, dataset: {name: spam-assassin}}").get("pretrain.architecture"));
    assertEquals("transformer reads text and dataset 'mnist' is images; use mlp, residual-cnn",
        violationsOf("{name: x, dataset: {name: mnist}, pretrain: {architecture: transformer}}")
            .get("pretrain.architecture"));
  }

  @Test
  void languageModelFieldsOnAnAutoencoderAreEachNamed() {
    Map<String, String> violations = violationsOf("""
        name: x
        dataset: {name: wine}
        pretrain: {objective: causal-lm, corpus: moby-dick, transformer: {layers: 1}}
        adapt: {continuedPretraining: {}}
        """);
    assertEquals("causal-lm pretrains on text and mlp reads images or tables; use contrastive, denoising-autoencoder",
        violations.get("pretrain.objective"));
    assertTrue(violations.get("pretrain.corpus").startsWith("only a transformer"), violations.toString());
    assertEquals("applies to pretrain.architecture: transformer only", violations.get("pretrain.transformer"));
    assertTrue(violations.get("adapt.continuedPretraining").contains("needs pretrain.architecture: transformer"));
    assertEquals(4, violations.size(), violations.toString());
  }

  @Test
  void aTransformerIsPretrainedByLanguageModelling() {
    assertEquals("denoising-autoencoder pretrains on images or tables and transformer reads text; use causal-lm, "
        + "masked-lm", violationsOf("""
        {name: x, dataset: {name: spam-assassin},
         pretrain: {architecture: transformer, objective: denoising-autoencoder}}""").get("pretrain.objective"));
  }

  @Test
  void anUnknownObjectiveListsTheInstalledOnes() {
    assertTrue(violationsOf("""
        {name: x, dataset: {name: spam-assassin}, pretrain: {architecture: transformer, objective: electra}}""")
        .get("pretrain.objective").startsWith("unknown objective 'electra'; installed: causal-lm, "
            + "contrastive, denoising-autoencoder, masked-lm"));
  }

  @Test
  void anUnknownCorpusListsTheInstalledOnes() {
    assertTrue(violationsOf("""
        {name: x, dataset: {name: spam-assassin}, pretrain: {architecture: transformer, corpus: wikipedia}}""")
        .get("pretrain.corpus").startsWith("unknown corpus 'wikipedia'; installed: moby-dick, sotu"));
  }

  @Test
  void theHiddenWidthMustSplitIntoHeads() {
    assertTrue(violationsOf("""
        {name: x, dataset: {name: spam-assassin},
         pretrain: {architecture: transformer, latentUnits: 30, transformer: {heads: 4}}}""")
        .get("pretrain.latentUnits").contains("must divide into pretrain.transformer.heads (4)"));
  }

  @Test
  void theGeneralPretrainedBaselineNeedsContinuedPretraining() {
    assertTrue(violationsOf("""
        {name: x, dataset: {name: spam-assassin}, pretrain: {architecture: transformer},
         evaluate: {baselines: [general-pretrained]}}""")
        .get("evaluate.baselines").contains("set adapt.continuedPretraining"));
  }

  @Test
  void loraOnATransformerAdaptsTheHeadOnly() {
    assertTrue(violationsOf("""
        {name: x, dataset: {name: spam-assassin}, pretrain: {architecture: transformer}, adapt: {lora: {}}}""")
        .get("adapt.lora.layers").endsWith("the linear layers are head.0"));
  }

  private Map<String, String> violationsOf(String yaml) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(yaml));
    return e.violations().stream()
        .collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + "; " + b));
  }
}
