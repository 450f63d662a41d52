package ai.pretrain.huggingface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import ai.pretrain.spec.CheckpointSpec;
import java.util.List;

/**
 * A BERT-family checkpoint's architecture as its Hugging Face {@code config.json} declares it: the fields of
 * {@code transformers.BertConfig}, {@code RobertaConfig}, {@code DistilBertConfig} or {@code ElectraConfig} that
 * change the function the weights compute, under BERT's names ({@code dim} is {@link #hiddenSize}, {@code n_layers}
 * {@link #layers}, …). {@link #embeddingSize} is the embedding tables' width: ELECTRA's {@code embedding_size}, the
 * hidden size for the other families.
 */
public record BertConfig(String modelType, int vocabularySize, int hiddenSize, int layers, int heads,
    int intermediateSize, int maxPositions, int typeVocabularySize, float layerNormEpsilon, float hiddenDropout,
    float attentionDropout, float classifierDropout, int padTokenId, HiddenActivation activation,
    int embeddingSize) {

  /**
   * The {@code model_type}s this import reads: BERT and the checkpoints built on it (MiniLM, BGE, E5), RoBERTa,
   * XLM-RoBERTa, DistilBERT and ELECTRA.
   */
  public static final List<String> MODEL_TYPES = CheckpointSpec.MODEL_TYPES;

  /** {@code ElectraConfig}'s {@code embedding_size} where config.json leaves it out. */
  private static final int ELECTRA_EMBEDDING_SIZE = 128;

  /** DistilBERT's LayerNorm epsilon, fixed in its code rather than its config. */
  private static final float DISTILBERT_LAYER_NORM_EPSILON = 1e-12f;

  private static final ObjectMapper JSON = new ObjectMapper();

  public BertConfig {
    if (hiddenSize % heads != 0) {
      throw new IllegalArgumentException("config.json: hidden_size " + hiddenSize + " is not a multiple of "
          + "num_attention_heads " + heads);
    }
  }

  /** The family whose tensor names and heads this checkpoint has. */
  public EncoderFamily family() {
    return EncoderFamily.of(modelType);
  }

  /**
   * The longest sequence the position table holds: {@link #maxPositions}, less RoBERTa's {@code pad_token_id + 1}
   * positions that precede the first token's.
   */
  public int maxSequenceLength() {
    return family().positionsAfterPadding() ? maxPositions - padTokenId - 1 : maxPositions;
  }

  /**
   * Whether the embeddings have another width than the hidden size, so ELECTRA's {@code embeddings_project} maps
   * them.
   */
  public boolean projectsEmbeddings() {
    return embeddingSize != hiddenSize;
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
    if (modelType.isEmpty()) {
      throw new IllegalArgumentException("config.json has no model_type; a Hugging Face config names its "
          + "architecture (save_pretrained writes it), one of " + MODEL_TYPES);
    }
    EncoderFamily family = EncoderFamily.of(modelType);
    if (family == null || !MODEL_TYPES.contains(modelType)) {
      throw new IllegalArgumentException("config.json: model_type '" + modelType + "' is not supported; supported: "
          + MODEL_TYPES);
    }
    return family == EncoderFamily.DISTILBERT ? distilBert(config) : bert(modelType, config);
  }

  /** {@code BertConfig}, {@code RobertaConfig} and {@code ElectraConfig}, which share their field names. */
  private static BertConfig bert(String modelType, JsonNode config) {
    HiddenActivation activation = activation(config, "hidden_act");
    require(config, "position_embedding_type", "absolute");
    float hiddenDropout = (float) config.path("hidden_dropout_prob").asDouble(0.1);
    JsonNode classifierDropout = config.path("classifier_dropout");
    int hiddenSize = integer(config, "hidden_size");
    int embeddingSize = "electra".equals(modelType)
        ? config.has("embedding_size") ? integer(config, "embedding_size") : ELECTRA_EMBEDDING_SIZE
        : hiddenSize;
    return new BertConfig(
        modelType,
        integer(config, "vocab_size"),
        hiddenSize,
        integer(config, "num_hidden_layers"),
        integer(config, "num_attention_heads"),
        integer(config, "intermediate_size"),
        integer(config, "max_position_embeddings"),
        config.path("type_vocab_size").asInt(2),
        (float) config.path("layer_norm_eps").asDouble(1e-12),
        hiddenDropout,
        (float) config.path("attention_probs_dropout_prob").asDouble(0.1),
        classifierDropout.isNumber() ? (float) classifierDropout.asDouble() : hiddenDropout,
        config.path("pad_token_id").asInt(0),
        activation,
        embeddingSize);
  }

  /** {@code DistilBertConfig}: learned positions only ({@code sinusoidal_pos_embds} false), no token types. */
  private static BertConfig distilBert(JsonNode config) {
    HiddenActivation activation = activation(config, "activation");
    require(config, "sinusoidal_pos_embds", "false");
    return new BertConfig(
        "distilbert",
        integer(config, "vocab_size"),
        integer(config, "dim"),
        integer(config, "n_layers"),
        integer(config, "n_heads"),
        integer(config, "hidden_dim"),
        integer(config, "max_position_embeddings"),
        0,
        DISTILBERT_LAYER_NORM_EPSILON,
        (float) config.path("dropout").asDouble(0.1),
        (float) config.path("attention_dropout").asDouble(0.1),
        (float) config.path("seq_classif_dropout").asDouble(0.2),
        config.path("pad_token_id").asInt(0),
        activation,
        integer(config, "dim"));
  }

  private static HiddenActivation activation(JsonNode config, String field) {
    String name = config.path(field).asText("gelu");
    HiddenActivation activation = HiddenActivation.named(name);
    if (activation == null) {
      throw new IllegalArgumentException("config.json: " + field + " '" + name + "' is not supported; supported: "
          + HiddenActivation.NAMES);
    }
    return activation;
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
