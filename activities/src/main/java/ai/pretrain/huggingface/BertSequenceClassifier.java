package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import ai.pretrain.network.LowRankAdapter;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.LoraSpec;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BERT-family encoder with a classification head on the first token as {@code transformers}' ForSequenceClassification
 * of the checkpoint's family computes it: BERT's pooler {@code tanh(pooler.dense(h[CLS]))}, dropout, {@code classifier};
 * RoBERTa's {@code RobertaClassificationHead}, dropout, {@code tanh(classifier.dense(.))}, dropout,
 * {@code classifier.out_proj}; DistilBERT's {@code ReLU(pre_classifier(h[CLS]))}, dropout, {@code classifier}. The
 * layers keep the checkpoint's names, so freezing, LoRA and layer-wise learning rates address them; a new head layer
 * starts as transformers initializes one, N(0, 0.02) weights and zero bias.
 */
public final class BertSequenceClassifier extends AbstractBlock {

  /** {@code initializer_range} of BERT's config: the standard deviation of fresh weights. */
  private static final float INITIALIZER_RANGE = 0.02f;

  private final BertEncoder bert;
  private final EncoderFamily.ClassificationHead head;
  private final Dropout inputDropout;
  private final Block dense;
  private final Dropout dropout;
  private final Block classifier;
  private final int classes;
  private final Map<String, Block> layers = new LinkedHashMap<>();

  /** With low-rank adapters on the linear layers named in {@code loraLayers}, none when it is empty. */
  public BertSequenceClassifier(BertConfig config, int classes, Set<String> loraLayers, LoraSpec lora) {
    this(config, classes, loraLayers, lora, config.classifierDropout());
  }

  /** With {@code dropout} in the head instead of the checkpoint's classifier dropout. */
  public BertSequenceClassifier(BertConfig config, int classes, Set<String> loraLayers, LoraSpec lora,
      float dropout) {
    this.classes = classes;
    this.head = config.family().classificationHead();
    this.bert = addChildBlock("bert", new BertEncoder(config, false, loraLayers, lora));
    this.inputDropout = head.dropoutBeforeDense()
        ? addChildBlock("input_dropout", Dropout.builder().optRate(dropout).build())
        : null;
    this.dense = addChildBlock(head.dense().replace('.', '_'),
        LowRankAdapter.linear(config.hiddenSize(), loraLayers.contains(head.dense()), lora));
    this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropout).build());
    this.classifier = addChildBlock(head.output().replace('.', '_'),
        LowRankAdapter.linear(classes, loraLayers.contains(head.output()), lora));
    layers.putAll(bert.layers());
    layers.put(head.dense(), dense);
    layers.put(head.output(), classifier);
    for (Block fresh : List.of(dense, classifier)) {
      Block linear = fresh instanceof LowRankAdapter adapter ? adapter.base() : fresh;
      linear.setInitializer(new NormalInitializer(INITIALIZER_RANGE), Parameter.Type.WEIGHT);
    }
  }

  public BertEncoder bert() {
    return bert;
  }

  public int classes() {
    return classes;
  }

  /** The names and shape of the classification head. */
  public EncoderFamily.ClassificationHead head() {
    return head;
  }

  /** Every layer with weights by its Hugging Face name, the head last. */
  public Map<String, Block> layers() {
    return layers;
  }

  /**
   * Loads a checkpoint into the initialized network: every encoder tensor, and BERT's pooler where the checkpoint has
   * one (a checkpoint saved without it, as sentence-transformers' are, trains a new one); the rest of the head is new.
   */
  public void load(CheckpointWeights checkpoint) {
    Map<String, Block> imported = new LinkedHashMap<>(bert.layers());
    if (head.denseInBaseModel() && checkpoint.has(head.dense() + ".weight")) {
      imported.put(head.dense(), dense);
    }
    checkpoint.load(imported);
  }

  /** The layers a LoRA glob may name: every linear layer (LayerNorms and embedding tables are not). */
  public static List<String> linearLayers(BertConfig config) {
    BertSequenceClassifier shape = new BertSequenceClassifier(config, 2, Set.of(), null);
    return shape.layers.entrySet().stream()
        .filter(e -> e.getValue() instanceof Linear)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * The linear layers that {@code lora.layers} globs name (e.g. {@code encoder.layer.*.attention.self.query}); a glob
   * that matches none is an error listing the layers it may name.
   */
  public static Set<String> loraLayers(BertConfig config, LoraSpec lora) {
    List<String> linear = linearLayers(config);
    for (String glob : lora.layers()) {
      if (AdaptSpec.matching(List.of(glob), linear).isEmpty()) {
        throw new IllegalArgumentException("adapt.lora.layers: '" + glob + "' matches no linear layer of the "
            + "checkpoint; they are " + String.join(", ", linear));
      }
    }
    return new LinkedHashSet<>(AdaptSpec.matching(lora.layers(), linear));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray first = bert.forward(store, inputs, training).head().get(":, 0, :");
    if (inputDropout != null) {
      first = inputDropout.forward(store, new NDList(first), training).head();
    }
    NDArray projected = dense.forward(store, new NDList(first), training).head();
    NDArray activated = head.activation().apply(projected);
    NDArray dropped = dropout.forward(store, new NDList(activated), training).head();
    return classifier.forward(store, new NDList(dropped), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    bert.initialize(manager, dataType, inputShapes);
    Shape first = new Shape(inputShapes[0].get(0), bert.config().hiddenSize());
    if (inputDropout != null) {
      inputDropout.initialize(manager, dataType, first);
    }
    dense.initialize(manager, dataType, first);
    dropout.initialize(manager, dataType, first);
    classifier.initialize(manager, dataType, first);
  }
}
