package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A basic residual block (He et al., 2016): two 3x3 convolutions with batch normalization around a shortcut, which a
 * 1x1 convolution projects when the block changes the channels or the resolution.
 */
final class ResidualBlock extends AbstractBlock {

  private final SequentialBlock main;
  private final Block shortcut;

  ResidualBlock(int channels, int stride, boolean project) {
    BatchNorm last = BatchNorm.builder().build();
    // the branch starts as zero, so each block starts as its shortcut and the stack trains like a shallower network
    // (Goyal et al., 2017); what the branch adds grows from there
    last.setInitializer(Initializer.ZEROS, Parameter.Type.GAMMA);
    this.main = addChildBlock("main", new SequentialBlock()
        .add(convolution(channels, 3, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
        .add(convolution(channels, 3, 1)).add(last));
    this.shortcut = addChildBlock("shortcut", project
        ? new SequentialBlock().add(convolution(channels, 1, stride)).add(BatchNorm.builder().build())
        : new SequentialBlock());
  }

  static Conv2d convolution(int channels, int kernel, int stride) {
    return Conv2d.builder().setFilters(channels).setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2)).optBias(false).build();
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray residual = main.forward(store, inputs, training).head();
    NDArray identity = shortcut.forward(store, inputs, training).head();
    return new NDList(Activation.relu(residual.add(identity)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return main.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    main.initialize(manager, dataType, inputShapes);
    shortcut.initialize(manager, dataType, inputShapes);
  }
}
