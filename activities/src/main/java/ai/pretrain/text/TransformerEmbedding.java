package ai.pretrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Learned token plus learned absolute position embeddings, with dropout: token ids (B, S) to vectors (B, S, H). */
final class TransformerEmbedding extends AbstractBlock {

  private final Parameter tokens;
  private final Parameter positions;
  private final Dropout dropout;
  private final int hiddenSize;

  TransformerEmbedding(TransformerConfig config) {
    this.hiddenSize = config.hiddenSize();
    this.tokens = addParameter(Parameter.builder().setName("tokens").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(config.vocabularySize(), config.hiddenSize())).build());
    this.positions = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(config.maxLength(), config.hiddenSize())).build());
    this.dropout = addChildBlock("dropout", Dropout.builder().optRate(config.dropout()).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray ids = inputs.head().toType(DataType.INT64, false);
    long length = ids.getShape().get(1);
    NDArray tokenTable = store.getValue(tokens, ids.getDevice(), training);
    NDArray positionTable = store.getValue(positions, ids.getDevice(), training);
    NDArray embedded = Embedding.embedding(ids, tokenTable, SparseFormat.DENSE).head()
        .add(positionTable.get("0:{}", length));
    return dropout.forward(store, new NDList(embedded), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {new Shape(ids.get(0), ids.get(1), hiddenSize)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    dropout.initialize(manager, dataType, getOutputShapes(inputShapes));
  }
}
