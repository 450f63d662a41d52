package ai.pretrain.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import ai.pretrain.spec.CheckpointSpec;
import java.util.List;

/**
 * A BERT checkpoint's architecture as its Hugging Face {@code config.json} declares it: the fields of
 * {@code transformers.BertConfig} that change the function the weights compute.
 */
public record BertConfig(int vocabularySize, int hiddenSize, int layers, int heads, int intermediateSize,
    int maxPositions, int typeVocabularySize, float layerNormEpsilon, float hiddenDropout, float attentionDropout,
    int padTokenId, HiddenActivation activation) {

  /** The {@code model_type}s this import reads: BERT and the checkpoints built on it (MiniLM, BGE, E5). */
  public static final List<String> MODEL_TYPES = CheckpointSpec.MODEL_TYPES;

  private static final ObjectMapper JSON = new ObjectMapper();

  public BertConfig {
    if (hiddenSize % heads != 0) {
      throw new IllegalArgumentException("config.json: hidden_size " + hiddenSize + " is not a multiple of "
          + "num_attention_heads " + heads);
    }
  }

  /** The width of one attention head. */
  public int headSize() {
    return hiddenSize / heads;
  }

  /** Reads {@code config.json}; an architecture this import cannot compute exactly is refused, naming the field. */
  public static BertConfig read(Path configJson) throws IOException {
    return of(JSON.readTree(configJson.toFile()));
  }

  public static BertConfig of(JsonNode config) {
    String modelType = config.path("model_type").asText("");
    if (!MODEL_TYPES.contains(modelType)) {
      throw new IllegalArgumentException("config.json: model_type '" + modelType + "' is not supported; supported: "
          + MODEL_TYPES);
    }
    String hiddenAct = config.path("hidden_act").asText("gelu");
    HiddenActivation activation = HiddenActivation.named(hiddenAct);
    if (activation == null) {
      throw new IllegalArgumentException("config.json: hidden_act '" + hiddenAct + "' is not supported; supported: "
          + HiddenActivation.NAMES);
    }
    require(config, "position_embedding_type", "absolute");
    return new BertConfig(
        integer(config, "vocab_size"),
        integer(config, "hidden_size"),
        integer(config, "num_hidden_layers"),
        integer(config, "num_attention_heads"),
        integer(config, "intermediate_size"),
        integer(config, "max_position_embeddings"),
        config.path("type_vocab_size").asInt(2),
        (float) config.path("layer_norm_eps").asDouble(1e-12),
        (float) config.path("hidden_dropout_prob").asDouble(0.1),
        (float) config.path("attention_probs_dropout_prob").asDouble(0.1),
        config.path("pad_token_id").asInt(0),
        activation);
  }

  private static int integer(JsonNode config, String field) {
    JsonNode value = config.get(field);
    if (value == null || !value.canConvertToInt() || value.asInt() < 1) {
      throw new IllegalArgumentException("config.json: " + field + " must be a positive integer, found " + value);
    }
    return value.asInt();
  }

  /** A field that, when present, must have the one value this import computes (transformers' default). */
  private static void require(JsonNode config, String field, String supported) {
    JsonNode value = config.get(field);
    if (value != null && !supported.equals(value.asText())) {
      throw new IllegalArgumentException("config.json: " + field + " '" + value.asText() + "' is not supported; only '"
          + supported + "'");
    }
  }
}
