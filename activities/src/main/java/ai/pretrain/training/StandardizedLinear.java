package ai.pretrain.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A linear layer on inputs standardized by batch normalization without a learned scale or shift: how a linear probe
 * reads a frozen encoder, whose features have whatever scale pretraining left them at (the protocol of He et al.,
 * 2022, MAE, after Grill et al., 2020). Raw ReLU codes reach values near 10 beside units that are almost always 0; a
 * head initialized for unit-scale inputs then starts far off and, at a fine-tuning learning rate, moves too slowly to
 * leave chance level before early stopping ends it.
 */
final class StandardizedLinear extends AbstractBlock {

  private final BatchNorm standardization;
  private final Linear linear;

  StandardizedLinear(long units) {
    this.standardization = addChildBlock("standardization",
        BatchNorm.builder().optCenter(false).optScale(false).build());
    this.linear = addChildBlock("linear", Linear.builder().setUnits(units).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    // a lone example (the last batch of an epoch may hold one) has no batch statistics: it takes the running ones
    boolean batchStatistics = training && inputs.head().getShape().get(0) > 1;
    return linear.forward(store, standardization.forward(store, inputs, batchStatistics), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return linear.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    standardization.initialize(manager, dataType, inputShapes);
    linear.initialize(manager, dataType, inputShapes);
  }
}
