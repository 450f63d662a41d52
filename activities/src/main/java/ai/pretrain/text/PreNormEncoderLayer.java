package ai.pretrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer layer: {@code x + Dropout(Attention(LN(x)))}, then
 * {@code h + Dropout(FFN(LN(h)))} with a GELU feed-forward network. Inputs: vectors (B, S, H) and the attention bias.
 */
final class PreNormEncoderLayer extends AbstractBlock {

  private final LayerNorm attentionNorm;
  private final MultiHeadSelfAttention attention;
  private final Dropout attentionDropout;
  private final LayerNorm feedForwardNorm;
  private final Linear expand;
  private final Linear contract;
  private final Dropout feedForwardDropout;

  PreNormEncoderLayer(TransformerConfig config) {
    this.attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
    this.attention = addChildBlock("attention", new MultiHeadSelfAttention(config));
    this.attentionDropout = addChildBlock("attentionOutputDropout", Dropout.builder().optRate(config.dropout()).build());
    this.feedForwardNorm = addChildBlock("feedForwardNorm", LayerNorm.builder().axis(2).build());
    this.expand = addChildBlock("expand", Linear.builder().setUnits(config.feedForwardSize()).build());
    this.contract = addChildBlock("contract", Linear.builder().setUnits(config.hiddenSize()).build());
    this.feedForwardDropout = addChildBlock("feedForwardDropout", Dropout.builder().optRate(config.dropout()).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray bias = inputs.get(1);
    NDArray normed = attentionNorm.forward(store, new NDList(x), training).head();
    NDArray attended = attention.forward(store, new NDList(normed, bias), training).head();
    NDArray h = x.add(attentionDropout.forward(store, new NDList(attended), training).head());
    NDArray ff = feedForwardNorm.forward(store, new NDList(h), training).head();
    ff = Activation.gelu(expand.forward(store, new NDList(ff), training).head());
    ff = contract.forward(store, new NDList(ff), training).head();
    return new NDList(h.add(feedForwardDropout.forward(store, new NDList(ff), training).head()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    attentionNorm.initialize(manager, dataType, x);
    attention.initialize(manager, dataType, x, inputShapes[1]);
    attentionDropout.initialize(manager, dataType, x);
    feedForwardNorm.initialize(manager, dataType, x);
    expand.initialize(manager, dataType, x);
    Shape expanded = expand.getOutputShapes(new Shape[] {x})[0];
    contract.initialize(manager, dataType, expanded);
    feedForwardDropout.initialize(manager, dataType, x);
  }
}
