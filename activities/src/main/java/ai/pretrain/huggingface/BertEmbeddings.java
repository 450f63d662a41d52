package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * BERT's input layer: word + learned absolute position + token type embeddings, then LayerNorm and dropout, all of
 * the config's {@code embeddingSize} (ELECTRA's own width, else the hidden size). Inputs:
 * token ids (B, S) and optionally token type ids (B, S), all type 0 when absent. DistilBERT has no token types;
 * RoBERTa counts positions as {@code transformers}' {@code create_position_ids_from_input_ids} does: the running count
 * of non-padding tokens after {@code pad_token_id}, padding itself at {@code pad_token_id}.
 */
final class BertEmbeddings extends AbstractBlock {

  final LookupTable words;
  final LookupTable positions;
  final LookupTable tokenTypes;
  final LayerNorm norm;
  private final Dropout dropout;
  private final int embeddingSize;
  private final int padTokenId;
  private final boolean positionsAfterPadding;

  BertEmbeddings(BertConfig config) {
    this.embeddingSize = config.embeddingSize();
    this.padTokenId = config.padTokenId();
    this.positionsAfterPadding = config.family().positionsAfterPadding();
    this.words = addChildBlock("word_embeddings", new LookupTable(config.vocabularySize(), embeddingSize));
    this.positions = addChildBlock("position_embeddings", new LookupTable(config.maxPositions(), embeddingSize));
    this.tokenTypes = config.family().tokenTypes()
        ? addChildBlock("token_type_embeddings", new LookupTable(config.typeVocabularySize(), embeddingSize))
        : null;
    this.norm = addChildBlock("LayerNorm", BertLayer.layerNorm(config));
    this.dropout = addChildBlock("dropout", Dropout.builder().optRate(config.hiddenDropout()).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray ids = inputs.get(0);
    NDManager manager = ids.getManager();
    NDArray sum = words.forward(store, new NDList(ids), training).head()
        .add(positions.forward(store, new NDList(positionIds(ids)), training).head());
    if (tokenTypes != null) {
      NDArray types = inputs.size() > 1 ? inputs.get(1) : manager.zeros(ids.getShape(), DataType.INT64);
      sum = sum.add(tokenTypes.forward(store, new NDList(types), training).head());
    }
    NDArray normed = norm.forward(store, new NDList(sum), training).head();
    return dropout.forward(store, new NDList(normed), training);
  }

  /** 0, 1, … (1, S); for RoBERTa (B, S), counted from {@code pad_token_id + 1} over the non-padding tokens. */
  NDArray positionIds(NDArray ids) {
    if (!positionsAfterPadding) {
      return ids.getManager().arange(0, ids.getShape().get(1), 1, DataType.INT64).expandDims(0);
    }
    NDArray tokens = ids.neq(padTokenId).toType(DataType.INT64, false);
    return tokens.cumSum(1).mul(tokens).add(padTokenId);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(embeddingSize)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape ids = inputShapes[0];
    words.initialize(manager, dataType, ids);
    positions.initialize(manager, dataType, new Shape(1, ids.get(1)));
    if (tokenTypes != null) {
      tokenTypes.initialize(manager, dataType, ids);
    }
    Shape x = getOutputShapes(inputShapes)[0];
    norm.initialize(manager, dataType, x);
    dropout.initialize(manager, dataType, x);
  }
}
