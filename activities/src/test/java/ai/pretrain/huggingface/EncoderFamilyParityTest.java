package ai.pretrain.huggingface;

import static ai.pretrain.huggingface.BertCheckpointParityTest.FIXTURES;
import static ai.pretrain.huggingface.BertCheckpointParityTest.assertClose;
import static ai.pretrain.huggingface.BertCheckpointParityTest.decode;
import static ai.pretrain.huggingface.BertCheckpointParityTest.named;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.pretrain.spec.CheckpointSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RoBERTa, XLM-RoBERTa, DistilBERT and ELECTRA imports against {@code transformers}: the last hidden states, pooler
 * output and masked-LM logits for fixed ids with padding equal the ones {@code scripts/make-encoder-fixtures.py}
 * recorded from {@code transformers} 4.57.6 within 1e-4, for random checkpoints of each family.
 */
class EncoderFamilyParityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"tiny-roberta", "tiny-distilbert", "tiny-electra"})
  void maskedLanguageModelMatchesTransformersWithItsTaskPrefixAndTiedHead(String name) throws IOException {
    Path checkpoint = FIXTURES.resolve(name);
    BertConfig config = BertConfig.read(checkpoint.resolve("config.json"));
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList expected = decode(manager, checkpoint.resolve("reference.safetensors"));
      NDArray ids = named(expected, "input_ids");
      CheckpointWeights weights = CheckpointWeights.read(manager, checkpoint.resolve("model.safetensors"));
      BertMaskedLanguageModel model = new BertMaskedLanguageModel(config, false);
      model.initialize(manager, DataType.FLOAT32, ids.getShape());
      assertTrue(model.load(weights), name + " has its masked-LM head");
      ParameterStore store = new ParameterStore(manager, false);
      NDArray hidden = model.bert().forward(store, new NDList(ids), false).head();
      assertClose(named(expected, "last_hidden_state"), hidden, name + " last_hidden_state");
      NDArray logits = model.forward(store, new NDList(ids), false).head();
      assertClose(named(expected, "logits"), logits, name + " masked-LM logits");
    }
  }

  @Test
  void xlmRobertaModelWithItsPoolerMatchesTransformers() throws IOException {
    Path checkpoint = FIXTURES.resolve("tiny-xlm-roberta");
    BertConfig config = BertConfig.read(checkpoint.resolve("config.json"));
    assertEquals(EncoderFamily.ROBERTA, config.family());
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList expected = decode(manager, checkpoint.resolve("reference.safetensors"));
      NDArray ids = named(expected, "input_ids");
      CheckpointWeights weights = CheckpointWeights.read(manager, checkpoint.resolve("model.safetensors"));
      BertEncoder encoder = new BertEncoder(config, true);
      encoder.initialize(manager, DataType.FLOAT32, ids.getShape());
      weights.load(encoder.layers());
      NDList out = encoder.forward(new ParameterStore(manager, false), new NDList(ids), false);
      assertClose(named(expected, "last_hidden_state"), out.get(0), "xlm-roberta last_hidden_state");
      assertClose(named(expected, "pooler_output"), out.get(1), "xlm-roberta pooler_output");
    }
  }

  @Test
  void robertaPositionsStartAfterThePadTokenAndPaddingKeepsItsOwn() throws IOException {
    BertConfig config = BertConfig.read(FIXTURES.resolve("tiny-roberta/config.json"));
    assertEquals(1, config.padTokenId());
    assertEquals(66 - 2, config.maxSequenceLength(), "max_position_embeddings less pad_token_id + 1");
    try (NDManager manager = NDManager.newBaseManager()) {
      BertEmbeddings embeddings = new BertEmbeddings(config);
      assertTrue(embeddings.tokenTypes != null, "one token type, as RobertaEmbeddings has");
      NDArray ids = manager.create(new long[][] {{0, 7, 8, 2, 1, 1}, {0, 9, 2, 1, 1, 1}});
      assertArrayEquals(new long[] {2, 3, 4, 5, 1, 1, 2, 3, 4, 1, 1, 1}, embeddings.positionIds(ids).toLongArray());
    }
  }

  @Test
  void distilBertLayersCarryItsOwnNamesAndNoTokenTypes() throws IOException {
    BertConfig config = BertConfig.read(FIXTURES.resolve("tiny-distilbert/config.json"));
    BertEncoder encoder = new BertEncoder(config, false);
    assertTrue(encoder.layers().containsKey("transformer.layer.1.attention.q_lin"), encoder.layers().toString());
    assertTrue(encoder.layers().containsKey("transformer.layer.0.sa_layer_norm"));
    assertTrue(encoder.layers().containsKey("transformer.layer.0.ffn.lin2"));
    assertTrue(encoder.layers().keySet().stream().noneMatch(n -> n.contains("token_type")));
    assertEquals(24, config.hiddenSize());
    assertEquals(48, config.intermediateSize());
    assertEquals(0.2f, config.classifierDropout(), "seq_classif_dropout");
  }

  @Test
  void electraEmbeddingsHaveTheirOwnWidthProjectedToTheHiddenSize() throws IOException {
    ObjectNode json = (ObjectNode) JSON.readTree(FIXTURES.resolve("tiny-electra/config.json").toFile());
    BertConfig config = BertConfig.of(json);
    assertEquals(EncoderFamily.ELECTRA, config.family());
    assertEquals(12, config.embeddingSize());
    BertEncoder encoder = new BertEncoder(config, false);
    assertEquals(List.of("embeddings.word_embeddings", "embeddings.position_embeddings",
        "embeddings.token_type_embeddings", "embeddings.LayerNorm", BertEncoder.EMBEDDINGS_PROJECT,
        "encoder.layer.0.attention.self.query"), List.copyOf(encoder.layers().keySet()).subList(0, 6));
    json.remove("embedding_size");
    assertEquals(128, BertConfig.of(json).embeddingSize(), "ElectraConfig's default");
    json.put("embedding_size", 16);
    assertTrue(new BertEncoder(BertConfig.of(json), false).layers().keySet().stream()
        .noneMatch(BertEncoder.EMBEDDINGS_PROJECT::equals), "no projection where the widths agree, as ElectraModel");
  }

  @Test
  void sinusoidalDistilBertPositionsAndUnknownModelTypesAreRefusedNamingTheField() throws IOException {
    ObjectNode config = (ObjectNode) JSON.readTree(FIXTURES.resolve("tiny-distilbert/config.json").toFile());
    config.put("sinusoidal_pos_embds", true);
    IllegalArgumentException sinusoidal = assertThrows(IllegalArgumentException.class, () -> BertConfig.of(config));
    assertTrue(sinusoidal.getMessage().startsWith("config.json: sinusoidal_pos_embds 'true' is not supported"),
        sinusoidal.getMessage());
    config.put("model_type", "albert");
    IllegalArgumentException albert = assertThrows(IllegalArgumentException.class, () -> BertConfig.of(config));
    assertEquals("config.json: model_type 'albert' is not supported; supported: " + CheckpointSpec.MODEL_TYPES,
        albert.getMessage());
  }

  @Test
  void everyModelTypeTheSpecAcceptsHasAFamily() {
    for (String modelType : CheckpointSpec.MODEL_TYPES) {
      assertTrue(EncoderFamily.of(modelType) != null, modelType);
    }
  }
}
