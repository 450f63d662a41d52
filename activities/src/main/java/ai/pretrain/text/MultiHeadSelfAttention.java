package ai.pretrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.pretrain.numerics.EngineScalar;

/**
 * Scaled dot-product self-attention over {@code heads} heads. Inputs: vectors (B, S, H) and an additive attention
 * bias broadcastable to (B, heads, S, S), large and negative where a query may not look.
 */
final class MultiHeadSelfAttention extends AbstractBlock {

  private final int heads;
  private final int hiddenSize;
  private final Linear queryKeyValue;
  private final Linear output;
  private final Dropout attentionDropout;

  MultiHeadSelfAttention(TransformerConfig config) {
    this.heads = config.heads();
    this.hiddenSize = config.hiddenSize();
    this.queryKeyValue = addChildBlock("qkv", Linear.builder().setUnits(3L * hiddenSize).build());
    this.output = addChildBlock("output", Linear.builder().setUnits(hiddenSize).build());
    this.attentionDropout = addChildBlock("attentionDropout", Dropout.builder().optRate(config.dropout()).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray bias = inputs.get(1);
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    long headSize = hiddenSize / heads;
    // (B, S, 3H) -> (3, B, heads, S, headSize)
    NDArray qkv = queryKeyValue.forward(store, new NDList(x), training).head()
        .reshape(batch, length, 3, heads, headSize).transpose(2, 0, 3, 1, 4);
    NDArray query = qkv.get(0);
    NDArray key = qkv.get(1);
    NDArray value = qkv.get(2);
    NDArray scores;
    try (NDArray scale = EngineScalar.of(x.getManager(), Math.sqrt(headSize))) {
      scores = query.matMul(key.transpose(0, 1, 3, 2)).div(scale).add(bias);
    }
    NDArray weights = attentionDropout.forward(store, new NDList(scores.softmax(-1)), training).head();
    NDArray context = weights.matMul(value).transpose(0, 2, 1, 3).reshape(batch, length, hiddenSize);
    return output.forward(store, new NDList(context), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    queryKeyValue.initialize(manager, dataType, x);
    output.initialize(manager, dataType, x);
    attentionDropout.initialize(manager, dataType, new Shape(x.get(0), heads, x.get(1), x.get(1)));
  }
}
