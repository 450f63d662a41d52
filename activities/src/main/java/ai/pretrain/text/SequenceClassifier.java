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

/** A transformer encoder with a classification head on the pooled sequence: token ids (B, S) to class logits (B, C). */
public final class SequenceClassifier extends AbstractBlock {

  /** How the sequence becomes one vector: the {@code [CLS]} position's, or the mean over non-padding positions. */
  public enum Pooling { CLS, MEAN }

  private final TransformerEncoder encoder;
  private final Pooling pooling;
  private final Dropout dropout;
  private final Linear head;

  public SequenceClassifier(TransformerConfig config, int classes, Pooling pooling) {
    this.encoder = addChildBlock("encoder", new TransformerEncoder(config.withCausal(false)));
    this.pooling = pooling;
    this.dropout = addChildBlock("dropout", Dropout.builder().optRate(config.dropout()).build());
    this.head = addChildBlock("head", Linear.builder().setUnits(classes).build());
  }

  public TransformerEncoder encoder() {
    return encoder;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray ids = inputs.head();
    NDArray hidden = encoder.forward(store, inputs, training).head();
    NDArray pooled;
    if (pooling == Pooling.CLS) {
      pooled = hidden.get(":, 0, :");
    } else {
      NDArray present = ids.toType(DataType.INT32, false).neq(0).toType(DataType.FLOAT32, false).expandDims(-1);
      pooled = hidden.mul(present).sum(new int[] {1}).div(present.sum(new int[] {1}).maximum(1f));
    }
    NDArray dropped = dropout.forward(store, new NDList(pooled), training).head();
    return head.forward(store, new NDList(dropped), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape hidden = encoder.getOutputShapes(inputShapes)[0];
    return head.getOutputShapes(new Shape[] {new Shape(hidden.get(0), hidden.get(2))});
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes);
    Shape hidden = encoder.getOutputShapes(inputShapes)[0];
    Shape pooled = new Shape(hidden.get(0), hidden.get(2));
    dropout.initialize(manager, dataType, pooled);
    head.initialize(manager, dataType, pooled);
  }
}
