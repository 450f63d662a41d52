package ai.pretrain.huggingface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.pretrain.data.TestData;
import ai.pretrain.export.Safetensors;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The imported encoder against Hugging Face {@code transformers}: the last hidden states (and pooler output) for fixed
 * token ids with padding equal the ones {@code scripts/make-bert-fixtures.py} recorded from {@code transformers} 4.57.6
 * within 1e-4, for random BERT configurations (one per feed-forward activation the import accepts) and the real
 * all-MiniLM-L6-v2.
 */
class BertCheckpointParityTest {

  static final Path FIXTURES = Path.of("src/test/resources/hf");
  private static final double TOLERANCE = 1e-4;

  @Test
  void randomBertModelMatchesTransformersWithPaddingAndTokenTypes() throws IOException {
    compare(FIXTURES.resolve("tiny-bert"), FIXTURES.resolve("tiny-bert/reference.safetensors"));
  }

  @Test
  void randomBertForMaskedLmLoadsWithoutItsBertPrefixAndItsOwnLayerNormEpsilon() throws IOException {
    compare(FIXTURES.resolve("tiny-bert-mlm"), FIXTURES.resolve("tiny-bert-mlm/reference.safetensors"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gelu_new", "gelu_pytorch_tanh", "relu", "silu"})
  void everyFeedForwardActivationTheImportAcceptsMatchesTransformers(String hiddenAct) throws IOException {
    Path checkpoint = FIXTURES.resolve("tiny-bert-" + hiddenAct);
    assertEquals(hiddenAct, new ObjectMapper().readTree(checkpoint.resolve("config.json").toFile())
        .get("hidden_act").asText(), "the fixture's activation");
    compare(checkpoint, checkpoint.resolve("reference.safetensors"));
  }

  /** Weights saved in half precision ({@code model.half().save_pretrained}) load as float32, as transformers does. */
  @ParameterizedTest
  @ValueSource(strings = {"float16", "bfloat16"})
  void halfPrecisionWeightsLoadAsFloat32AndMatchTransformers(String dtype) throws IOException {
    Path checkpoint = FIXTURES.resolve("variants/" + dtype);
    assertEquals(dtype, new ObjectMapper().readTree(checkpoint.resolve("config.json").toFile()).get("dtype").asText());
    compare(checkpoint, checkpoint.resolve("reference.safetensors"));
  }

  @Test
  void layerNormGammaAndBetaOfTheOriginalBertConversionLoadAsWeightAndBias(@TempDir Path folder) throws IOException {
    Path checkpoint = FIXTURES.resolve("tiny-bert-mlm");
    Files.copy(checkpoint.resolve("config.json"), folder.resolve("config.json"));
    List<Safetensors.Tensor> renamed = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (NDArray tensor : decode(manager, checkpoint.resolve("model.safetensors"))) {
        String name = tensor.getName().replace("LayerNorm.weight", "LayerNorm.gamma")
            .replace("LayerNorm.bias", "LayerNorm.beta");
        renamed.add(new Safetensors.Tensor(name, tensor.getShape().getShape(),
            tensor.toType(DataType.FLOAT32, false).toFloatArray()));
      }
    }
    assertTrue(renamed.stream().anyMatch(t -> t.name().endsWith("LayerNorm.gamma")));
    Safetensors.write(folder.resolve("model.safetensors"), renamed, Map.of("format", "pt"));

    compare(folder, checkpoint.resolve("reference.safetensors"));
  }

  @Test
  void maskedLanguageModelHeadGivesTransformersLogitsWithItsTiedWordEmbeddings() throws IOException {
    Path checkpoint = FIXTURES.resolve("tiny-bert-mlm");
    BertConfig config = BertConfig.read(checkpoint.resolve("config.json"));
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList expected = decode(manager, checkpoint.resolve("reference.safetensors"));
      NDArray ids = named(expected, "input_ids");
      NDArray types = named(expected, "token_type_ids");
      CheckpointWeights weights = CheckpointWeights.read(manager, checkpoint.resolve("model.safetensors"));
      BertEncoder encoder = new BertEncoder(config, false);
      encoder.initialize(manager, DataType.FLOAT32, ids.getShape(), types.getShape());
      weights.load(encoder.layers());
      BertMaskedLanguageModelHead head = new BertMaskedLanguageModelHead(config);
      NDArray wordEmbeddings = encoder.layers().get("embeddings.word_embeddings").getParameters().get("weight")
          .getArray();
      head.initialize(manager, DataType.FLOAT32, ids.getShape().add(config.hiddenSize()), wordEmbeddings.getShape());
      assertTrue(head.load(weights), "the checkpoint has cls.predictions.*");
      ParameterStore store = new ParameterStore(manager, false);
      NDArray hidden = encoder.forward(store, new NDList(ids, types), false).head();
      NDArray logits = head.forward(store, new NDList(hidden, wordEmbeddings), false).head();
      assertClose(named(expected, "logits"), logits, "masked-LM logits");
    }
  }

  @Test
  void aCheckpointWithoutAMaskedLanguageModelHeadGetsAFreshOne() throws IOException {
    Path checkpoint = FIXTURES.resolve("tiny-bert");
    BertConfig config = BertConfig.read(checkpoint.resolve("config.json"));
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights weights = CheckpointWeights.read(manager, checkpoint.resolve("model.safetensors"));
      BertMaskedLanguageModelHead head = new BertMaskedLanguageModelHead(config);
      head.initialize(manager, DataType.FLOAT32, new Shape(2, 5, config.hiddenSize()),
          new Shape(config.vocabularySize(), config.hiddenSize()));
      assertTrue(!head.load(weights), "tiny-bert is a BertModel: no cls.predictions.*");
      assertEquals(0f, head.bias().getArray().abs().sum().getFloat());
    }
  }

  @Test
  void allMiniLmL6V2MatchesTransformers() throws IOException {
    Path minilm = TestData.require("minilm/model.safetensors", "minilm").resolve("minilm");
    compare(minilm, FIXTURES.resolve("minilm-reference.safetensors"));
  }

  private static void compare(Path checkpoint, Path reference) throws IOException {
    BertConfig config = BertConfig.read(checkpoint.resolve("config.json"));
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList expected = decode(manager, reference);
      NDArray ids = named(expected, "input_ids");
      NDArray types = named(expected, "token_type_ids");
      CheckpointWeights weights = CheckpointWeights.read(manager, checkpoint.resolve("model.safetensors"));
      boolean pooler = weights.has("pooler.dense.weight");
      BertEncoder encoder = new BertEncoder(config, pooler);
      encoder.initialize(manager, DataType.FLOAT32, ids.getShape(), types.getShape());
      weights.load(encoder.layers());
      NDList out = encoder.forward(new ParameterStore(manager, false), new NDList(ids, types), false);
      assertClose(named(expected, "last_hidden_state"), out.get(0), "last_hidden_state");
      if (pooler) {
        assertClose(named(expected, "pooler_output"), out.get(1), "pooler_output");
      }
    }
  }

  static NDList decode(NDManager manager, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return NDList.decode(manager, in);
    }
  }

  static NDArray named(NDList list, String name) {
    return list.stream().filter(a -> name.equals(a.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no tensor " + name + " in the reference"));
  }

  static void assertClose(NDArray expected, NDArray actual, String what) {
    assertArrayEquals(expected.getShape().getShape(), actual.getShape().getShape(), what + " shape");
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      worst = Math.max(worst, Math.abs(e[i] - a[i]));
    }
    System.out.printf("%s: max |djl - transformers| = %.2e over %d values%n", what, worst, e.length);
    assertTrue(worst <= TOLERANCE, what + ": max abs difference " + worst + " > " + TOLERANCE);
    assertEquals(e.length, a.length);
  }
}
