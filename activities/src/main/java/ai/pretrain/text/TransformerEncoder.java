package ai.pretrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A BERT-style (or, when causal, GPT-style) transformer encoder: embeddings, pre-LayerNorm layers and a final
 * LayerNorm; token ids (B, S) to contextual vectors (B, S, H). Padding ({@code [PAD]}, id 0) is never attended to.
 */
public final class TransformerEncoder extends AbstractBlock {

  /** Added to attention scores that must vanish after the softmax. */
  private static final float BLOCKED = -1e9f;

  private final TransformerConfig config;
  private final TransformerEmbedding embedding;
  private final List<PreNormEncoderLayer> layers = new ArrayList<>();
  private final LayerNorm finalNorm;

  public TransformerEncoder(TransformerConfig config) {
    this.config = config;
    this.embedding = addChildBlock("embedding", new TransformerEmbedding(config));
    for (int i = 0; i < config.layers(); i++) {
      layers.add(addChildBlock("layer" + i, new PreNormEncoderLayer(config)));
    }
    this.finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
  }

  public TransformerConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray ids = inputs.head();
    NDArray bias = attentionBias(ids);
    NDArray x = embedding.forward(store, new NDList(ids), training).head();
    for (PreNormEncoderLayer layer : layers) {
      x = layer.forward(store, new NDList(x, bias), training).head();
    }
    return finalNorm.forward(store, new NDList(x), training);
  }

  /** (B, 1, S, S): padding keys blocked for every query; with causal attention, future keys too. */
  private NDArray attentionBias(NDArray ids) {
    NDManager manager = ids.getManager();
    int length = (int) ids.getShape().get(1);
    NDArray padding = ids.toType(DataType.INT32, false).eq(0).toType(DataType.FLOAT32, false)
        .mul(BLOCKED).expandDims(1).expandDims(1);
    if (!config.causal()) {
      return padding;
    }
    float[] future = new float[length * length];
    for (int q = 0; q < length; q++) {
      for (int k = q + 1; k < length; k++) {
        future[q * length + k] = BLOCKED;
      }
    }
    return padding.add(manager.create(future, new Shape(1, 1, length, length)).toDevice(ids.getDevice(), false));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return embedding.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape ids = inputShapes[0];
    embedding.initialize(manager, dataType, ids);
    Shape x = embedding.getOutputShapes(new Shape[] {ids})[0];
    Shape bias = new Shape(ids.get(0), 1, ids.get(1), ids.get(1));
    for (PreNormEncoderLayer layer : layers) {
      layer.initialize(manager, dataType, x, bias);
    }
    finalNorm.initialize(manager, dataType, x);
  }
}
