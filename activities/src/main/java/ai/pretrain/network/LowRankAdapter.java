package ai.pretrain.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import ai.pretrain.numerics.EngineScalar;
import ai.pretrain.spec.LoraSpec;

/**
 * A linear layer that learns through a low-rank update (LoRA): {@code y = x W^T + b + s (x A^T) B^T} with {@code W},
 * {@code b} frozen, {@code A} (rank x in) drawn small and {@code B} (out x rank) zero, so training starts from the
 * layer's own function. {@link #mergedWeight} folds the update into {@code W} for export.
 */
public final class LowRankAdapter extends AbstractBlock {

  private final Linear base;
  private final Parameter down;
  private final Parameter up;
  private final long units;
  private final int rank;
  private final float scaling;

  /** A linear layer of {@code units}, learning through a low-rank adapter when {@code adapted}. */
  public static Block linear(int units, boolean adapted, LoraSpec lora) {
    return adapted ? new LowRankAdapter(units, lora.rank(), lora.scaling()) : Linear.builder().setUnits(units).build();
  }

  LowRankAdapter(long units, int rank, double scaling) {
    this.units = units;
    this.rank = rank;
    this.scaling = (float) scaling;
    this.base = addChildBlock("base", Linear.builder().setUnits(units).build());
    this.down = addParameter(Parameter.builder().setName("lora_A").setType(Parameter.Type.OTHER)
        .optInitializer(new NormalInitializer(0.01f)).build());
    this.up = addParameter(Parameter.builder().setName("lora_B").setType(Parameter.Type.OTHER)
        .optInitializer(new ConstantInitializer(0f)).build());
  }

  /** The frozen layer whose weights the adapter updates. */
  public Linear base() {
    return base;
  }

  Parameter down() {
    return down;
  }

  Parameter up() {
    return up;
  }

  /** {@code W + s B A}: the weight of a plain linear layer with the same function. */
  public NDArray mergedWeight() {
    NDArray weight = base.getParameters().get("weight").getArray();
    return weight.add(up.getArray().matMul(down.getArray()).mul(scaling));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDArray frozen = base.forward(store, inputs, training).head();
    NDArray a = store.getValue(down, x.getDevice(), training);
    NDArray b = store.getValue(up, x.getDevice(), training);
    try (NDArray scale = EngineScalar.of(x.getManager(), scaling)) {
      NDArray update = x.matMul(a.transpose()).matMul(b.transpose()).mul(scale);
      return new NDList(frozen.add(update));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return base.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    base.initialize(manager, dataType, inputShapes);
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    long in = inputShapes[0].get(inputShapes[0].dimension() - 1);
    down.setShape(new Shape(rank, in));
    up.setShape(new Shape(units, rank));
  }
}

