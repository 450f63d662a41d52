package ai.pretrain.training;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The encoder under a new classification head: optional dropout, an optional hidden layer, then class logits. */
final class Classifier {

  final SequentialBlock encoder;
  final SequentialBlock network;
  /** The layers with weights, input to output, by the names {@link AdaptSpec#layerNames} gives them. */
  final Map<String, List<Parameter>> layers;

  Classifier(PretrainSpec architecture, AdaptSpec adapt, int classes) {
    this.encoder = Encoder.build(architecture);
    SequentialBlock head = new SequentialBlock();
    if (adapt.dropout() > 0) {
      head.add(Dropout.builder().optRate(adapt.dropout().floatValue()).build());
    }
    if (adapt.headHiddenUnits() > 0) {
      head.add(Linear.builder().setUnits(adapt.headHiddenUnits()).build()).add(Activation.reluBlock());
    }
    head.add(Linear.builder().setUnits(classes).build());
    this.network = new SequentialBlock().add(encoder).add(head);
    this.layers = nameLayers(adapt.layerNames(architecture), List.of(encoder, head));
  }

  /** Freezes the layers the adapt spec keeps fixed (the whole encoder, or those its globs match). */
  void freeze(AdaptSpec adapt, PretrainSpec architecture) {
    for (String layer : adapt.frozenLayers(architecture)) {
      layers.get(layer).forEach(parameter -> parameter.freeze(true));
    }
  }

  /**
   * Discriminative learning rates: the output layer at 1, each layer below at {@code decay} times the one above, as a
   * multiplier by parameter id.
   */
  Map<String, Float> learningRateScales(double decay) {
    Map<String, Float> scales = new LinkedHashMap<>();
    List<List<Parameter>> ordered = new ArrayList<>(layers.values());
    for (int i = 0; i < ordered.size(); i++) {
      float scale = (float) Math.pow(decay, ordered.size() - 1 - i);
      ordered.get(i).forEach(parameter -> scales.put(parameter.getId(), scale));
    }
    return scales;
  }

  /** The parameter's export name, {@code <layer>.weight} or {@code <layer>.bias}. */
  String exportName(Parameter parameter) {
    for (Map.Entry<String, List<Parameter>> layer : layers.entrySet()) {
      if (layer.getValue().contains(parameter)) {
        return layer.getKey() + "." + parameter.getName();
      }
    }
    throw new IllegalArgumentException("parameter " + parameter.getName() + " is not in the classifier");
  }

  private static Map<String, List<Parameter>> nameLayers(List<String> names, List<SequentialBlock> parts) {
    List<List<Parameter>> weighted = new ArrayList<>();
    for (SequentialBlock part : parts) {
      for (Block child : part.getChildren().values()) {
        if (child instanceof Linear) {
          weighted.add(child.getParameters().values());
        }
      }
    }
    if (weighted.size() != names.size()) {
      throw new IllegalStateException(names.size() + " layer names for " + weighted.size() + " layers");
    }
    Map<String, List<Parameter>> layers = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      layers.put(names.get(i), weighted.get(i));
    }
    return layers;
  }
}
