package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A BERT-family masked-language-model head as {@code transformers} computes it, for continued pretraining:
 * {@code LN(act(Dense(h)))} then logits over the vocabulary with the word embeddings as the output weights (tied)
 * plus a bias. BERT's {@code cls.predictions.*} and DistilBERT's {@code vocab_transform}, {@code vocab_layer_norm},
 * {@code vocab_projector} apply the encoder's activation, RoBERTa's {@code lm_head.*} and ELECTRA's generator head
 * ({@code generator_predictions.*}, {@code generator_lm_head}) exact GELU. {@code Dense} maps the hidden size H to the
 * embeddings' width E (ELECTRA's {@code embedding_size}; H elsewhere). Inputs: the last hidden states (B, S, H) and the
 * word embedding table (V, E). A checkpoint that has the head loads it; for one that has none (an ELECTRA
 * discriminator) it starts as transformers initializes one.
 */
public final class BertMaskedLanguageModelHead extends AbstractBlock {

  private static final float INITIALIZER_RANGE = 0.02f;
  private static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";

  private final Linear transform;
  private final LayerNorm norm;
  private final Parameter bias;
  private final String biasName;
  private final HiddenActivation activation;
  private final BertConfig config;
  private final Map<String, Block> layers = new LinkedHashMap<>();

  public BertMaskedLanguageModelHead(BertConfig config) {
    EncoderFamily.MaskedLanguageModelHead names = config.family().maskedLanguageModelHead();
    this.config = config;
    this.biasName = names.bias();
    this.activation = names.gelu() ? HiddenActivation.GELU : config.activation();
    this.transform = addChildBlock("transform_dense", Linear.builder().setUnits(config.embeddingSize()).build());
    transform.setInitializer(new NormalInitializer(INITIALIZER_RANGE), Parameter.Type.WEIGHT);
    this.norm = addChildBlock("transform_LayerNorm", BertLayer.layerNorm(config));
    this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
        .optShape(new Shape(config.vocabularySize())).optInitializer(new ConstantInitializer(0f)).build());
    layers.put(names.dense(), transform);
    layers.put(names.layerNorm(), norm);
  }

  /** The head's layers by their checkpoint names (the output bias is {@link #biasName()}). */
  public Map<String, Block> layers() {
    return layers;
  }

  /** The tensor name of the vocabulary bias, the one weight of the head outside {@link #layers}. */
  public String biasName() {
    return biasName;
  }

  public Parameter bias() {
    return bias;
  }

  /**
   * Whether {@code checkpoint} has this head as it computes it: the bias and transform, with output weights tied to the
   * word embeddings. A head saved with {@code tie_word_embeddings: false} has a decoder of its own, which this head
   * does not compute, so such a checkpoint starts a new head rather than a different function under the same names.
   */
  public static boolean inCheckpoint(BertConfig config, CheckpointWeights checkpoint) {
    EncoderFamily.MaskedLanguageModelHead names = config.family().maskedLanguageModelHead();
    return checkpoint.has(names.bias()) && (!checkpoint.has(names.decoder())
        || checkpoint.tensor(names.decoder()).contentEquals(checkpoint.tensor(WORD_EMBEDDINGS)));
  }

  /** Loads the head from a checkpoint that has it ({@link #inCheckpoint}); false (fresh head) when it has none. */
  public boolean load(CheckpointWeights checkpoint) {
    if (!inCheckpoint(config, checkpoint)) {
      return false;
    }
    checkpoint.load(layers);
    bias.getArray().set(checkpoint.tensor(biasName).toByteBuffer());
    return true;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray hidden = inputs.get(0);
    NDArray wordEmbeddings = inputs.get(1);
    NDArray h = activation.apply(transform.forward(store, new NDList(hidden), training).head());
    h = norm.forward(store, new NDList(h), training).head();
    NDArray vocabularyBias = store.getValue(bias, hidden.getDevice(), training);
    return new NDList(h.matMul(wordEmbeddings.transpose()).add(vocabularyBias));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape hidden = inputShapes[0];
    return new Shape[] {new Shape(hidden.get(0), hidden.get(1), inputShapes[1].get(0))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    transform.initialize(manager, dataType, inputShapes[0]);
    norm.initialize(manager, dataType, transform.getOutputShapes(new Shape[] {inputShapes[0]})[0]);
  }
}
