package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.pretrain.network.LowRankAdapter;
import ai.pretrain.spec.LoraSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BERT-family encoder of exactly a checkpoint's architecture ({@code transformers.BertModel}, {@code RobertaModel},
 * {@code DistilBertModel}, {@code ElectraModel}): token ids (B, S), and optionally token type ids, to the last hidden
 * states (B, S, H) and, with a pooler, {@code tanh(Dense(h[CLS]))} (B, H).
 * Positions holding the pad token are never attended to. Its layers carry the checkpoint's own names
 * ({@code embeddings.word_embeddings}, ELECTRA's {@code embeddings_project},
 * {@code encoder.layer.3.attention.self.query} or DistilBERT's {@code transformer.layer.3.attention.q_lin},
 * {@code pooler.dense}), which freezing, LoRA and layer-wise learning rates address.
 */
public final class BertEncoder extends AbstractBlock {

  /** Added to the attention scores of padding keys: nothing after the softmax. */
  private static final float BLOCKED = -1e9f;

  /** ELECTRA's linear map from the embeddings' width to the hidden size, where the two differ. */
  public static final String EMBEDDINGS_PROJECT = "embeddings_project";

  private final BertConfig config;
  private final BertEmbeddings embeddings;
  private final Block embeddingsProject;
  private final List<BertLayer> encoderLayers = new ArrayList<>();
  private final Block pooler;
  private final Map<String, Block> layers = new LinkedHashMap<>();

  public BertEncoder(BertConfig config, boolean withPooler) {
    this(config, withPooler, Set.of(), null);
  }

  /** With low-rank adapters on the linear layers named in {@code loraLayers}. */
  public BertEncoder(BertConfig config, boolean withPooler, Set<String> loraLayers, LoraSpec lora) {
    this.config = config;
    this.embeddings = addChildBlock("embeddings", new BertEmbeddings(config));
    layers.put("embeddings.word_embeddings", embeddings.words);
    layers.put("embeddings.position_embeddings", embeddings.positions);
    if (embeddings.tokenTypes != null) {
      layers.put("embeddings.token_type_embeddings", embeddings.tokenTypes);
    }
    layers.put("embeddings.LayerNorm", embeddings.norm);
    this.embeddingsProject = config.projectsEmbeddings()
        ? addChildBlock(EMBEDDINGS_PROJECT, LowRankAdapter.linear(config.hiddenSize(),
            loraLayers.contains(EMBEDDINGS_PROJECT), lora))
        : null;
    if (embeddingsProject != null) {
      layers.put(EMBEDDINGS_PROJECT, embeddingsProject);
    }
    for (int i = 0; i < config.layers(); i++) {
      BertLayer layer = addChildBlock("layer_" + i, new BertLayer(config, config.family().layerPrefix() + i,
          loraLayers, lora));
      encoderLayers.add(layer);
      layers.putAll(layer.layers());
    }
    this.pooler = withPooler
        ? addChildBlock("pooler", LowRankAdapter.linear(config.hiddenSize(), loraLayers.contains("pooler.dense"), lora))
        : null;
    if (pooler != null) {
      layers.put("pooler.dense", pooler);
    }
  }

  public BertConfig config() {
    return config;
  }

  public boolean hasPooler() {
    return pooler != null;
  }

  /** The layers with weights by their checkpoint names, input to output. */
  public Map<String, Block> layers() {
    return Collections.unmodifiableMap(layers);
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray ids = inputs.head().toType(DataType.INT64, false);
    NDList embedInputs = inputs.size() > 1 ? new NDList(ids, inputs.get(1).toType(DataType.INT64, false))
        : new NDList(ids);
    NDArray x = embeddings.forward(store, embedInputs, training).head();
    if (embeddingsProject != null) {
      x = embeddingsProject.forward(store, new NDList(x), training).head();
    }
    NDArray bias = ids.eq(config.padTokenId()).toType(DataType.FLOAT32, false).mul(BLOCKED).expandDims(1)
        .expandDims(1);
    for (BertLayer layer : encoderLayers) {
      x = layer.forward(store, new NDList(x, bias), training).head();
    }
    if (pooler == null) {
      return new NDList(x);
    }
    NDArray pooled = pooler.forward(store, new NDList(x.get(":, 0, :")), training).head().tanh();
    return new NDList(x, pooled);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    Shape hidden = ids.add(config.hiddenSize());
    return pooler == null ? new Shape[] {hidden} : new Shape[] {hidden, new Shape(ids.get(0), config.hiddenSize())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape ids = inputShapes[0];
    embeddings.initialize(manager, dataType, inputShapes);
    if (embeddingsProject != null) {
      embeddingsProject.initialize(manager, dataType, ids.add(config.embeddingSize()));
    }
    Shape x = ids.add(config.hiddenSize());
    Shape bias = new Shape(ids.get(0), 1, 1, ids.get(1));
    for (BertLayer layer : encoderLayers) {
      layer.initialize(manager, dataType, x, bias);
    }
    if (pooler != null) {
      pooler.initialize(manager, dataType, new Shape(ids.get(0), config.hiddenSize()));
    }
  }
}
