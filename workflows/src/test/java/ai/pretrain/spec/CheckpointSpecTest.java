package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code pretrain.from}: a checkpoint to import, and what a spec that imports one may not also say. */
class CheckpointSpecTest {

  private final SpecParser parser = new SpecParser();

  private static String spec(String pretrain) {
    return """
        name: spam-minilm
        dataset: {name: spam-assassin}
        pretrain:
        %s
        """.formatted(pretrain.indent(2));
  }

  @Test
  void importMakesTheEncoderATransformerWithHuggingFaceTheDefaultFormat() {
    PipelineSpec parsed = parser.parse(spec("from: {uri: s3://models/all-MiniLM-L6-v2/}"));

    assertTrue(parsed.pretrain().importsCheckpoint());
    assertEquals("huggingface", parsed.pretrain().from().format());
    assertEquals("transformer", parsed.pretrain().architecture());
    assertEquals("s3://models/all-MiniLM-L6-v2/config.json", parsed.pretrain().from().file("config.json"));
  }

  @Test
  void anotherFormatOrSchemeIsRefusedNamingTheField() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(
        spec("from: {uri: 'https://huggingface.co/x', format: onnx}")));

    List<String> fields = e.violations().stream().map(Violation::field).toList();
    assertTrue(fields.contains("pretrain.from.uri"), e.violations().toString());
    assertTrue(fields.contains("pretrain.from.format"), e.violations().toString());
  }

  @Test
  void aUriNamingOneOfTheFolderFilesIsRefusedNamingTheFolder() {
    // it was refused three times over, as a folder without config.json, model.safetensors and tokenizer.json
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(
        spec("from: {uri: s3://models/all-MiniLM-L6-v2/model.safetensors}")));

    assertEquals(List.of(new Violation("pretrain.from.uri", "names the file model.safetensors; give the folder that "
        + "holds config.json, model.safetensors and tokenizer.json: s3://models/all-MiniLM-L6-v2/")), e.violations());
  }

  @Test
  void pretrainingSettingsThatTheCheckpointFixesAreViolations() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(
        spec("from: {uri: s3://models/m/}\ncorpus: sotu\nobjective: causal-lm")));

    List<String> fields = e.violations().stream().map(Violation::field).toList();
    assertEquals(List.of("pretrain.corpus", "pretrain.objective"), fields.stream().sorted().toList(),
        e.violations().toString());
  }

  @Test
  void freezeAndLoraGlobsMayUseEveryFamilysLayerNames() {
    String adapt = """
        adapt:
          freeze: ['embeddings.word_embeddings', 'encoder.layer.0.attention.output.LayerNorm', 'transformer.layer.0.sa_layer_norm']
          lora: {layers: ['transformer.layer.*.attention.q_lin', 'transformer.layer.*.ffn.lin1', 'classifier.out_proj']}
        """;

    AdaptSpec parsed = parser.parse(spec("from: {uri: s3://models/m/}") + adapt).adapt();

    assertEquals(List.of("embeddings.word_embeddings", "encoder.layer.0.attention.output.LayerNorm",
        "transformer.layer.0.sa_layer_norm"), parsed.freeze());
    assertEquals(List.of("transformer.layer.*.attention.q_lin", "transformer.layer.*.ffn.lin1", "classifier.out_proj"),
        parsed.lora().layers());
  }
}
