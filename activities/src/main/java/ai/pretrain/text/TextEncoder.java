package ai.pretrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A transformer encoder read as one vector per sequence, for a classification head: token ids (B, S) to (B, H), the
 * mean of the non-padding positions' vectors or the first position's ({@code [CLS]}). A language model trains the
 * same {@link #transformer()} token by token.
 */
public final class TextEncoder extends AbstractBlock {

  /** How the sequence becomes one vector: the {@code [CLS]} position's, or the mean over non-padding positions. */
  public enum Pooling { CLS, MEAN }

  private final TransformerEncoder transformer;
  private final Pooling pooling;

  public TextEncoder(TransformerConfig config, Pooling pooling) {
    this.transformer = addChildBlock("transformer", new TransformerEncoder(config));
    this.pooling = pooling;
  }

  public TransformerEncoder transformer() {
    return transformer;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray ids = inputs.head();
    NDArray hidden = transformer.forward(store, inputs, training).head();
    if (pooling == Pooling.CLS) {
      return new NDList(hidden.get(":, 0, :"));
    }
    NDArray present = ids.toType(DataType.INT32, false).neq(0).toType(DataType.FLOAT32, false).expandDims(-1);
    return new NDList(hidden.mul(present).sum(new int[] {1}).div(present.sum(new int[] {1}).maximum(1f)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape hidden = transformer.getOutputShapes(inputShapes)[0];
    return new Shape[] {new Shape(hidden.get(0), hidden.get(2))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    transformer.initialize(manager, dataType, inputShapes);
  }
}
