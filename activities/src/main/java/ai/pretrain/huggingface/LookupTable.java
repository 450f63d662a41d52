package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** One embedding table, {@code weight} (rows, width), as {@code torch.nn.Embedding}: indices (B, S) to (B, S, W). */
final class LookupTable extends AbstractBlock {

  private final Parameter weight;
  private final int width;

  LookupTable(int rows, int width) {
    this.width = width;
    this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(rows, width)).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray indices = inputs.head().toType(DataType.INT64, false);
    NDArray table = store.getValue(weight, indices.getDevice(), training);
    return Embedding.embedding(indices, table, SparseFormat.DENSE);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(width)};
  }
}
