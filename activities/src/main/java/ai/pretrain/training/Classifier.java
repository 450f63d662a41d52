package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.export.Safetensors;
import ai.pretrain.network.ClassifierNetwork;
import ai.pretrain.network.LowRankAdapter;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderLayers;
import ai.pretrain.spec.EncoderSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoder under a new head: optional dropout, an optional hidden layer, then class logits, or for a regression
 * dataset (0 classes) one output, the standardized target. Layers the adapt spec names for LoRA learn through
 * {@link LowRankAdapter}s.
 */
final class Classifier implements ClassifierNetwork {

  final SequentialBlock encoder;
  final SequentialBlock network;
  /** The layers with weights, input to output, by the names {@link AdaptSpec#layerNames} gives them. */
  final Map<String, Block> layers;
  private final EncoderSpec architecture;
  private final AdaptSpec adapt;
  private final ImageGeometry input;

  /** A classifier of examples that are not images, or whose geometry its encoder infers. */
  Classifier(EncoderSpec architecture, AdaptSpec adapt, int classes) {
    this(architecture, adapt, classes, ImageGeometry.NONE);
  }

  /** A classifier of examples in the prepared data's {@code input} geometry. */
  Classifier(EncoderSpec architecture, AdaptSpec adapt, int classes, ImageGeometry input) {
    this.architecture = architecture;
    this.adapt = adapt;
    this.input = input;
    EncoderLayers encoderLayers = Encoder.layers(architecture);
    List<String> names = adapt.layerNames(encoderLayers);
    List<String> adapted = adapt.loraLayers(encoderLayers);
    this.encoder = Encoder.build(architecture, input, adapted, adapt.lora());
    SequentialBlock head = new SequentialBlock();
    if (adapt.dropout() > 0) {
      head.add(Dropout.builder().optRate(adapt.dropout().floatValue()).build());
    }
    int headLayer = encoderLayers.count();
    if (adapt.headHiddenUnits() > 0) {
      head.add(LowRankAdapter.linear(adapt.headHiddenUnits(), adapted.contains(names.get(headLayer)), adapt.lora()))
          .add(Activation.reluBlock());
      headLayer++;
    }
    boolean adaptedOutput = adapted.contains(names.get(headLayer));
    head.add(linearProbe(adapt, adaptedOutput)
        ? new StandardizedLinear(outputs(classes))
        : LowRankAdapter.linear(outputs(classes), adaptedOutput, adapt.lora()));
    this.network = new SequentialBlock().add(encoder).add(head);
    this.layers = nameLayers(names, List.of(encoder, head));
  }

  @Override
  public Block network() {
    return network;
  }

  /**
   * Whether the head is a linear probe, one linear layer on the whole frozen encoder, which reads the encoder's
   * features standardized ({@link StandardizedLinear}).
   */
  static boolean linearProbe(AdaptSpec adapt, boolean adaptedOutput) {
    return adapt.freezeEncoder() && adapt.headHiddenUnits() == 0 && !adaptedOutput;
  }

  /** The head's width: a logit per class, or one output for a regression dataset, which has no classes. */
  static int outputs(int classes) {
    return classes == 0 ? 1 : classes;
  }

  @Override
  public List<Map<String, Object>> layout() {
    return NetworkLayout.of(network, layers, adapt.dropout(), input);
  }

  /**
   * Loads a pretrained encoder's weights (as {@link Pretraining} saved them, from a plain encoder) into this one's
   * layers, adapted or not; before the trainer initializes, like {@link Weights#load}.
   */
  @Override
  public void loadEncoder(NDManager manager, Path file) throws IOException {
    if (layers.values().stream().noneMatch(LowRankAdapter.class::isInstance)) {
      // the same blocks as the pretrained encoder's (a transformer's parameters take no copies: their shapes are set)
      Weights.load(encoder, manager, file);
      return;
    }
    SequentialBlock plain = Encoder.build(architecture, input);
    Weights.load(plain, manager, file);
    List<Block> sources = plain.getChildren().values().stream().filter(Classifier::hasWeights).toList();
    for (int i = 0; i < sources.size(); i++) {
      Block target = layers.get("encoder." + i);
      List<Parameter> into = (target instanceof LowRankAdapter adapter ? adapter.base() : target).getParameters()
          .values();
      List<Parameter> from = sources.get(i).getParameters().values();
      for (int p = 0; p < from.size(); p++) {
        into.get(p).setArray(from.get(p).getArray());
      }
    }
  }

  /** Freezes what the adapt spec keeps fixed: the encoder or the layers its globs match, and every adapted weight. */
  @Override
  public void freeze() {
    for (String layer : adapt.frozenLayers(Encoder.layers(architecture))) {
      layers.get(layer).getParameters().values().forEach(parameter -> parameter.freeze(true));
    }
    for (Block layer : layers.values()) {
      if (layer instanceof LowRankAdapter adapter) {
        adapter.base().getParameters().values().forEach(parameter -> parameter.freeze(true));
      }
    }
  }

  /**
   * Discriminative learning rates: the output layer at 1, each layer below at {@code decay} times the one above, as a
   * multiplier by parameter id.
   */
  @Override
  public Map<String, Float> learningRateScales(double decay) {
    Map<String, Float> scales = new LinkedHashMap<>();
    List<Block> ordered = new ArrayList<>(layers.values());
    for (int i = 0; i < ordered.size(); i++) {
      float scale = (float) Math.pow(decay, ordered.size() - 1 - i);
      ordered.get(i).getParameters().values().forEach(parameter -> scales.put(parameter.getId(), scale));
    }
    return scales;
  }

  /**
   * The weights as named float32 tensors, {@code <layer>.weight} and {@code <layer>.bias}, with every adapter merged
   * into its layer's weight, so the export is a plain network.
   */
  @Override
  public List<Safetensors.Tensor> tensors() {
    List<Safetensors.Tensor> tensors = new ArrayList<>();
    for (Map.Entry<String, Block> layer : layers.entrySet()) {
      if (layer.getValue() instanceof LowRankAdapter adapter) {
        NDArray weight = adapter.mergedWeight();
        NDArray bias = adapter.base().getParameters().get("bias").getArray();
        tensors.add(tensor(layer.getKey() + ".weight", weight));
        tensors.add(tensor(layer.getKey() + ".bias", bias));
      } else {
        for (var parameter : layer.getValue().getParameters()) {
          tensors.add(tensor(layer.getKey() + "." + parameter.getKey(), parameter.getValue().getArray()));
        }
      }
    }
    return tensors;
  }

  private static Safetensors.Tensor tensor(String name, NDArray array) {
    return new Safetensors.Tensor(name, array.getShape().getShape(), array.toFloatArray());
  }

  /** A layer is a child block with parameters: a linear layer, an adapter, a convolution stem or a residual stage. */
  private static boolean hasWeights(Block block) {
    return !block.getParameters().isEmpty();
  }

  private static Map<String, Block> nameLayers(List<String> names, List<SequentialBlock> parts) {
    List<Block> weighted = new ArrayList<>();
    for (SequentialBlock part : parts) {
      part.getChildren().values().stream().filter(Classifier::hasWeights).forEach(weighted::add);
    }
    if (weighted.size() != names.size()) {
      throw new IllegalStateException(names.size() + " layer names for " + weighted.size() + " layers");
    }
    Map<String, Block> layers = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      layers.put(names.get(i), weighted.get(i));
    }
    return layers;
  }
}
