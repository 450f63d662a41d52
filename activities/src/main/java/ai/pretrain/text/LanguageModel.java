package ai.pretrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A transformer encoder with a language-modelling head: token ids (B, S) to next- or masked-token logits (B, S, V). */
public final class LanguageModel extends AbstractBlock {

  private final TransformerEncoder encoder;
  private final Linear head;

  public LanguageModel(TransformerConfig config) {
    this(new TransformerEncoder(config));
  }

  /** A language-modelling head on {@code encoder}, which may also be part of a classifier's {@link TextEncoder}. */
  public LanguageModel(TransformerEncoder encoder) {
    this.encoder = addChildBlock("encoder", encoder);
    this.head = addChildBlock("head", Linear.builder().setUnits(encoder.config().vocabularySize()).build());
  }

  public TransformerEncoder encoder() {
    return encoder;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray hidden = encoder.forward(store, inputs, training).head();
    return head.forward(store, new NDList(hidden), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return head.getOutputShapes(encoder.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    encoder.initialize(manager, dataType, inputShapes);
    head.initialize(manager, dataType, encoder.getOutputShapes(inputShapes));
  }
}
