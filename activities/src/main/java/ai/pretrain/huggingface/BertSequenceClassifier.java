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
 * BERT with a classification head as {@code transformers.BertForSequenceClassification} computes it: the pooler's
 * {@code tanh(Dense(h[CLS]))}, dropout, then the {@code classifier} layer's logits (B, classes). The encoder's layers
 * keep the checkpoint's names and the head is {@code classifier}, so freezing, LoRA and layer-wise learning rates
 * address them; a new pooler or classifier starts as transformers initializes one, N(0, 0.02) weights and zero bias.
 */
public final class BertSequenceClassifier extends AbstractBlock {

  /** {@code initializer_range} of BERT's config: the standard deviation of fresh weights. */
  private static final float INITIALIZER_RANGE = 0.02f;

  private final BertEncoder bert;
  private final Dropout dropout;
  private final Block classifier;
  private final int classes;
  private final Map<String, Block> layers = new LinkedHashMap<>();

  /** With low-rank adapters on the linear layers named in {@code loraLayers}, none when it is empty. */
  public BertSequenceClassifier(BertConfig config, int classes, Set<String> loraLayers, LoraSpec lora) {
    this(config, classes, loraLayers, lora, config.hiddenDropout());
  }

  /** With {@code dropout} before the classifier instead of the checkpoint's {@code hidden_dropout_prob}. */
  public BertSequenceClassifier(BertConfig config, int classes, Set<String> loraLayers, LoraSpec lora,
      float dropout) {
    this.classes = classes;
    this.bert = addChildBlock("bert", new BertEncoder(config, true, loraLayers, lora));
    this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropout).build());
    this.classifier = addChildBlock("classifier", LowRankAdapter.linear(classes, loraLayers.contains("classifier"), lora));
    layers.putAll(bert.layers());
    layers.put("classifier", classifier);
    for (Block fresh : List.of(classifier, layers.get("pooler.dense"))) {
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

  /** Every layer with weights by its Hugging Face name, the head ({@code classifier}) last. */
  public Map<String, Block> layers() {
    return layers;
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
    NDArray pooled = bert.forward(store, inputs, training).get(1);
    NDArray dropped = dropout.forward(store, new NDList(pooled), training).head();
    return classifier.forward(store, new NDList(dropped), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    bert.initialize(manager, dataType, inputShapes);
    Shape pooled = new Shape(inputShapes[0].get(0), bert.config().hiddenSize());
    dropout.initialize(manager, dataType, pooled);
    classifier.initialize(manager, dataType, pooled);
  }
}
