package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.pretrain.network.LowRankAdapter;
import ai.pretrain.numerics.EngineScalar;
import ai.pretrain.spec.LoraSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One post-LayerNorm BERT layer as {@code transformers.BertLayer} computes it: {@code a = LN(x + Attention(x))}, then
 * {@code LN(a + Dense(GELU(Dense(a))))}, GELU exact (erf). Inputs: vectors (B, S, H) and an additive attention bias
 * (B, 1, 1, S). The linear layers whose names are in {@code loraLayers} learn through low-rank adapters. Its layers
 * carry the checkpoint family's names ({@code attention.self.query} for BERT, {@code attention.q_lin} for DistilBERT).
 */
final class BertLayer extends AbstractBlock {

  private final int heads;
  private final int headSize;
  private final Map<String, Block> layers = new LinkedHashMap<>();
  private final Block query;
  private final Block key;
  private final Block value;
  private final Dropout attentionDropout;
  private final Block attentionOutput;
  private final Dropout attentionOutputDropout;
  private final LayerNorm attentionNorm;
  private final Block intermediate;
  private final Block output;
  private final Dropout outputDropout;
  private final LayerNorm outputNorm;
  private final HiddenActivation activation;

  private final EncoderFamily family;

  BertLayer(BertConfig config, String prefix, Set<String> loraLayers, LoraSpec lora) {
    this.family = config.family();
    this.heads = config.heads();
    this.headSize = config.headSize();
    this.activation = config.activation();
    int hidden = config.hiddenSize();
    this.query = dense(prefix, "attention.self.query", hidden, loraLayers, lora);
    this.key = dense(prefix, "attention.self.key", hidden, loraLayers, lora);
    this.value = dense(prefix, "attention.self.value", hidden, loraLayers, lora);
    this.attentionDropout = addChildBlock("attention_dropout",
        Dropout.builder().optRate(config.attentionDropout()).build());
    this.attentionOutput = dense(prefix, "attention.output.dense", hidden, loraLayers, lora);
    this.attentionOutputDropout = addChildBlock("attention_output_dropout",
        Dropout.builder().optRate(family.attentionOutputDropout() ? config.hiddenDropout() : 0f).build());
    this.attentionNorm = named(prefix, "attention.output.LayerNorm", layerNorm(config));
    this.intermediate = dense(prefix, "intermediate.dense", config.intermediateSize(), loraLayers, lora);
    this.output = dense(prefix, "output.dense", hidden, loraLayers, lora);
    this.outputDropout = addChildBlock("output_dropout", Dropout.builder().optRate(config.hiddenDropout()).build());
    this.outputNorm = named(prefix, "output.LayerNorm", layerNorm(config));
  }

  /** LayerNorm over the hidden axis of (B, S, H) with the checkpoint's epsilon. */
  static LayerNorm layerNorm(BertConfig config) {
    return LayerNorm.builder().axis(2).optEpsilon(config.layerNormEpsilon()).build();
  }

  /** The layers with weights by their checkpoint names, input to output. */
  Map<String, Block> layers() {
    return layers;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray bias = inputs.get(1);
    NDArray context = attention(store, x, bias, training);
    NDArray projected = apply(attentionOutputDropout, apply(store, attentionOutput, context, training), store,
        training);
    NDArray attended = apply(store, attentionNorm, projected.add(x), training);
    NDArray expanded = activation.apply(apply(store, intermediate, attended, training));
    NDArray contracted = apply(outputDropout, apply(store, output, expanded, training), store, training);
    return new NDList(apply(store, outputNorm, contracted.add(attended), training));
  }

  /** softmax(Q K^T / sqrt(d) + bias) V over the heads, joined back to (B, S, H). */
  private NDArray attention(ParameterStore store, NDArray x, NDArray bias, boolean training) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    NDArray q = heads(apply(store, query, x, training), batch, length);
    NDArray k = heads(apply(store, key, x, training), batch, length);
    NDArray v = heads(apply(store, value, x, training), batch, length);
    NDArray scores;
    try (NDArray scale = EngineScalar.of(x.getManager(), Math.sqrt(headSize))) {
      scores = q.matMul(k.transpose(0, 1, 3, 2)).div(scale).add(bias);
    }
    NDArray weights = apply(attentionDropout, scores.softmax(-1), store, training);
    return weights.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, (long) heads * headSize);
  }

  private NDArray heads(NDArray projected, long batch, long length) {
    return projected.reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
  }

  private static NDArray apply(ParameterStore store, Block block, NDArray x, boolean training) {
    return block.forward(store, new NDList(x), training).head();
  }

  private static NDArray apply(Dropout dropout, NDArray x, ParameterStore store, boolean training) {
    return dropout.forward(store, new NDList(x), training).head();
  }

  private Block dense(String prefix, String bertName, int units, Set<String> loraLayers, LoraSpec lora) {
    String name = prefix + "." + family.layerName(bertName);
    return named(prefix, bertName, LowRankAdapter.linear(units, loraLayers.contains(name), lora));
  }

  /** {@code bertName} as the checkpoint's family names it, under {@code prefix}. */
  private <B extends Block> B named(String prefix, String bertName, B block) {
    String suffix = family.layerName(bertName);
    layers.put(prefix + "." + suffix, block);
    return addChildBlock(suffix.replace('.', '_'), block);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    for (Block block : new Block[] {query, key, value, attentionOutput, attentionNorm, attentionOutputDropout,
        intermediate, outputNorm, outputDropout}) {
      block.initialize(manager, dataType, x);
    }
    attentionDropout.initialize(manager, dataType, new Shape(x.get(0), heads, x.get(1), x.get(1)));
    output.initialize(manager, dataType, intermediate.getOutputShapes(new Shape[] {x})[0]);
  }
}
