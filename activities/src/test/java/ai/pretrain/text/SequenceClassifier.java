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

  private final TextEncoder text;
  private final Dropout dropout;
  private final Linear head;

  public SequenceClassifier(TransformerConfig config, int classes, TextEncoder.Pooling pooling) {
    this.text = addChildBlock("text", new TextEncoder(config.withCausal(false), pooling));
    this.dropout = addChildBlock("dropout", Dropout.builder().optRate(config.dropout()).build());
    this.head = addChildBlock("head", Linear.builder().setUnits(classes).build());
  }

  public TransformerEncoder encoder() {
    return text.transformer();
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray pooled = text.forward(store, inputs, training).head();
    NDArray dropped = dropout.forward(store, new NDList(pooled), training).head();
    return head.forward(store, new NDList(dropped), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return head.getOutputShapes(text.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    text.initialize(manager, dataType, inputShapes);
    Shape pooled = text.getOutputShapes(inputShapes)[0];
    dropout.initialize(manager, dataType, pooled);
    head.initialize(manager, dataType, pooled);
  }
}
