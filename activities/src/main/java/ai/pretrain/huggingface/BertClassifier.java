package ai.pretrain.huggingface;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.pretrain.export.Safetensors;
import ai.pretrain.network.ClassifierNetwork;
import ai.pretrain.network.LowRankAdapter;
import ai.pretrain.spec.AdaptSpec;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An imported checkpoint's encoder under a new classification head ({@link BertSequenceClassifier}), shaped by the
 * adapt spec with the checkpoint's own layer names: {@code freeze} and {@code lora.layers} globs match
 * {@code embeddings.*}, {@code encoder.layer.3.attention.self.query} (DistilBERT's
 * {@code transformer.layer.3.attention.q_lin}), {@code pooler.dense} and {@code classifier} (RoBERTa's
 * {@code classifier.dense} and {@code classifier.out_proj}, DistilBERT's {@code pre_classifier} and
 * {@code classifier}); {@code freezeEncoder} keeps everything but the new head fixed (a linear probe), and with
 * {@code lora} only the adapters and the new head learn, as in PEFT.
 */
public final class BertClassifier implements ClassifierNetwork {

  /** Rows per forward pass when scoring: attention over 128 tokens and 12 heads is 0.8 MB a row per layer. */
  private static final int INFERENCE_BATCH = 64;

  private final BertSequenceClassifier network;
  private final AdaptSpec adapt;

  public BertClassifier(BertConfig config, AdaptSpec adapt, int classes) {
    this.adapt = adapt;
    Set<String> lora = adapt.lora() == null ? Set.of() : refusable(() -> BertSequenceClassifier.loraLayers(config,
        adapt.lora()));
    float dropout = adapt.dropout() > 0 ? adapt.dropout().floatValue() : config.classifierDropout();
    this.network = new BertSequenceClassifier(config, Math.max(1, classes), lora, adapt.lora(), dropout);
    List<String> unmatched = adapt.freeze().stream()
        .filter(glob -> AdaptSpec.matching(List.of(glob), names()).isEmpty()).toList();
    if (!unmatched.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("adapt.freeze: " + unmatched + " match no layer of the "
          + "checkpoint; its layers are " + String.join(", ", names()), "InvalidAdapt");
    }
  }

  @Override
  public Block network() {
    return network;
  }

  /** The imported weights ({@code model.safetensors}) into the encoder (and BERT's pooler); the head stays new. */
  @Override
  public void loadEncoder(NDManager manager, Path weights) throws IOException {
    network.load(CheckpointWeights.read(manager, weights));
  }

  @Override
  public void freeze() {
    Set<String> frozen = new LinkedHashSet<>(AdaptSpec.matching(adapt.freeze(), names()));
    if (adapt.freezeEncoder() || adapt.lora() != null) {
      // with LoRA, as in PEFT, only the adapters and the new head learn
      Set<String> head = newHead();
      network.layers().forEach((name, layer) -> {
        if (!head.contains(name) && !(layer instanceof LowRankAdapter)) {
          frozen.add(name);
        }
      });
    }
    for (Map.Entry<String, Block> layer : network.layers().entrySet()) {
      Block block = layer.getValue();
      if (frozen.contains(layer.getKey())) {
        block.getParameters().values().forEach(p -> p.freeze(true));
      } else if (block instanceof LowRankAdapter adapter) {
        adapter.base().getParameters().values().forEach(p -> p.freeze(true));
      }
    }
  }

  /** The head layers no checkpoint supplies: BERT's {@code classifier}, the whole head of RoBERTa and DistilBERT. */
  private Set<String> newHead() {
    EncoderFamily.ClassificationHead head = network.head();
    return head.denseInBaseModel() ? Set.of(head.output()) : Set.of(head.dense(), head.output());
  }

  /**
   * Layer-wise decay by depth: the head ({@code pooler} and {@code classifier} for BERT) at 1, layer i
   * ({@code encoder.layer.i}, DistilBERT's {@code transformer.layer.i}) at {@code decay^(layers - i)}, the embeddings
   * (and ELECTRA's {@code embeddings_project}) at {@code decay^(layers + 1)}.
   */
  @Override
  public Map<String, Float> learningRateScales(double decay) {
    BertConfig config = network.bert().config();
    Map<String, Float> scales = new LinkedHashMap<>();
    for (Map.Entry<String, Block> layer : network.layers().entrySet()) {
      float scale = (float) Math.pow(decay, depthBelowHead(layer.getKey(), config));
      layer.getValue().getParameters().values().forEach(p -> scales.put(p.getId(), scale));
    }
    return scales;
  }

  private static int depthBelowHead(String layer, BertConfig config) {
    String layerPrefix = config.family().layerPrefix();
    if (layer.startsWith("embeddings.") || layer.equals(BertEncoder.EMBEDDINGS_PROJECT)) {
      return config.layers() + 1;
    }
    if (layer.startsWith(layerPrefix)) {
      int index = Integer.parseInt(layer.substring(layerPrefix.length()).split("\\.")[0]);
      return config.layers() - index;
    }
    return 0;
  }

  @Override
  public List<Safetensors.Tensor> tensors() {
    return BertClassifierExport.tensors(network);
  }

  @Override
  public int inferenceBatch() {
    return INFERENCE_BATCH;
  }

  /** The network, for the Hugging Face export. */
  public BertSequenceClassifier sequenceClassifier() {
    return network;
  }

  private List<String> names() {
    return new ArrayList<>(network.layers().keySet());
  }

  private interface Check<T> {
    T get();
  }

  /** A glob that matches no layer of the checkpoint fails the run for good, naming the field and the layers. */
  private static <T> T refusable(Check<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidAdapt");
    }
  }
}
