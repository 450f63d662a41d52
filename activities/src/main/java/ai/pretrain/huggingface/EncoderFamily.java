package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint families whose encoder is BERT's post-LayerNorm computation, and what differs between them: the
 * tensor names (each family's layers keep the checkpoint's own names, which freezing, LoRA and layer-wise learning
 * rates address), the prefix of its task models, token types, how position ids are counted, and its masked-LM and
 * classification heads as {@code transformers} builds them.
 */
public enum EncoderFamily {
  /** {@code BertModel}: positions from 0, token types, pooler {@code tanh(Dense(h[CLS]))} under the classifier. */
  BERT("bert.", "encoder.layer.", Map.of(), true, false, true,
      new MaskedLanguageModelHead("cls.predictions.transform.dense", "cls.predictions.transform.LayerNorm",
          "cls.predictions.bias", "cls.predictions.decoder.weight", false),
      new ClassificationHead("pooler.dense", "classifier", HeadActivation.TANH, false, true)),
  /**
   * {@code RobertaModel} (and {@code XLMRobertaModel}, the same computation): positions counted from
   * {@code pad_token_id + 1} over the non-padding tokens, one token type, {@code RobertaClassificationHead}.
   */
  ROBERTA("roberta.", "encoder.layer.", Map.of(), true, true, true,
      new MaskedLanguageModelHead("lm_head.dense", "lm_head.layer_norm", "lm_head.bias", "lm_head.decoder.weight",
          true),
      new ClassificationHead("classifier.dense", "classifier.out_proj", HeadActivation.TANH, true, false)),
  /**
   * {@code DistilBertModel}: positions from 0, no token types, no dropout after the attention's output projection,
   * {@code pre_classifier} (ReLU) then {@code classifier} on the first token.
   */
  DISTILBERT("distilbert.", "transformer.layer.", Map.of(
      "attention.self.query", "attention.q_lin",
      "attention.self.key", "attention.k_lin",
      "attention.self.value", "attention.v_lin",
      "attention.output.dense", "attention.out_lin",
      "attention.output.LayerNorm", "sa_layer_norm",
      "intermediate.dense", "ffn.lin1",
      "output.dense", "ffn.lin2",
      "output.LayerNorm", "output_layer_norm"), false, false, false,
      new MaskedLanguageModelHead("vocab_transform", "vocab_layer_norm", "vocab_projector.bias",
          "vocab_projector.weight", false),
      new ClassificationHead("pre_classifier", "classifier", HeadActivation.RELU, false, false)),
  /**
   * {@code ElectraModel}: BERT's computation on embeddings of their own width ({@code embedding_size}), projected to
   * the hidden size by {@code embeddings_project} where the two differ; no pooler; the generator's masked-LM head
   * ({@code generator_predictions}, {@code generator_lm_head}); {@code ElectraClassificationHead} as RoBERTa's, with
   * GELU for tanh.
   */
  ELECTRA("electra.", "encoder.layer.", Map.of(), true, false, true,
      new MaskedLanguageModelHead("generator_predictions.dense", "generator_predictions.LayerNorm",
          "generator_lm_head.bias", "generator_lm_head.weight", true),
      new ClassificationHead("classifier.dense", "classifier.out_proj", HeadActivation.GELU, true, false));

  /** The {@code model_type}s of config.json the import computes, and their family. */
  private static final Map<String, EncoderFamily> MODEL_TYPES = Map.of("bert", BERT, "roberta", ROBERTA,
      "xlm-roberta", ROBERTA, "distilbert", DISTILBERT, "electra", ELECTRA);

  /** The prefixes of task models' encoder tensors ({@code BertForMaskedLM}'s {@code bert.}, …). */
  static final List<String> TASK_PREFIXES = List.of(BERT.taskPrefix, ROBERTA.taskPrefix, DISTILBERT.taskPrefix,
      ELECTRA.taskPrefix);

  private final String taskPrefix;
  private final String layerPrefix;
  private final Map<String, String> layerNames;
  private final boolean tokenTypes;
  private final boolean positionsAfterPadding;
  private final boolean attentionOutputDropout;
  private final MaskedLanguageModelHead maskedLanguageModelHead;
  private final ClassificationHead classificationHead;

  EncoderFamily(String taskPrefix, String layerPrefix, Map<String, String> layerNames, boolean tokenTypes,
      boolean positionsAfterPadding, boolean attentionOutputDropout, MaskedLanguageModelHead maskedLanguageModelHead,
      ClassificationHead classificationHead) {
    this.taskPrefix = taskPrefix;
    this.layerPrefix = layerPrefix;
    this.layerNames = layerNames;
    this.tokenTypes = tokenTypes;
    this.positionsAfterPadding = positionsAfterPadding;
    this.attentionOutputDropout = attentionOutputDropout;
    this.maskedLanguageModelHead = maskedLanguageModelHead;
    this.classificationHead = classificationHead;
  }

  /** The family of a config.json {@code model_type}, or null where the import does not compute it. */
  static EncoderFamily of(String modelType) {
    return MODEL_TYPES.get(modelType);
  }

  /** The prefix of the encoder's tensors in the family's task models ({@code roberta.}). */
  public String taskPrefix() {
    return taskPrefix;
  }

  /** The prefix of the N-th layer's names, before N ({@code encoder.layer.}, {@code transformer.layer.}). */
  public String layerPrefix() {
    return layerPrefix;
  }

  /** The checkpoint's name of a layer's sub-layer BERT calls {@code bertName} ({@code attention.self.query}). */
  String layerName(String bertName) {
    return layerNames.getOrDefault(bertName, bertName);
  }

  boolean tokenTypes() {
    return tokenTypes;
  }

  boolean positionsAfterPadding() {
    return positionsAfterPadding;
  }

  boolean attentionOutputDropout() {
    return attentionOutputDropout;
  }

  public MaskedLanguageModelHead maskedLanguageModelHead() {
    return maskedLanguageModelHead;
  }

  public ClassificationHead classificationHead() {
    return classificationHead;
  }

  /**
   * The masked-LM head's tensor names: {@code act(Dense(h))}, LayerNorm, then the tied word embeddings plus a bias.
   *
   * @param decoder the output weights, which a checkpoint saved with tied embeddings leaves out (or holds equal to
   *     the word embeddings)
   * @param gelu the activation is always exact GELU (RoBERTa's {@code lm_head}); otherwise the encoder's own
   */
  public record MaskedLanguageModelHead(String dense, String layerNorm, String bias, String decoder, boolean gelu) {

    /** The tensors a checkpoint stores this head in (the decoder tied to the word embeddings, where stored). */
    public List<String> tensors() {
      return List.of(dense + ".weight", dense + ".bias", layerNorm + ".weight", layerNorm + ".bias", bias, decoder);
    }
  }

  /**
   * The classification head on the first token: {@code output(dropout(act(dense(h[0]))))}.
   *
   * @param activation after {@code dense}: tanh (BERT's pooler, RoBERTa's head), ReLU (DistilBERT), GELU (ELECTRA)
   * @param dropoutBeforeDense RoBERTa's head also drops out the first token's vector
   * @param denseInBaseModel {@code dense} is part of the base model ({@code bert.pooler.dense}), so a checkpoint may
   *     carry it and the export prefixes it
   */
  public record ClassificationHead(String dense, String output, HeadActivation activation,
      boolean dropoutBeforeDense, boolean denseInBaseModel) {}

  /** The activation of a classification head, fixed by the family's code rather than its config. */
  public enum HeadActivation {
    TANH,
    RELU,
    /** Exact (erf) GELU, transformers' {@code get_activation("gelu")}. */
    GELU;

    public NDArray apply(NDArray x) {
      return switch (this) {
        case TANH -> x.tanh();
        case RELU -> Activation.relu(x);
        case GELU -> Activation.gelu(x);
      };
    }
  }
}
