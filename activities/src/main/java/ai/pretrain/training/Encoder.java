package ai.pretrain.training;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.List;

/** The MLP backbone that pretraining learns and the classifier reuses: hidden layers, then the latent code, all ReLU. */
final class Encoder {

  private Encoder() {}

  static SequentialBlock build(PretrainSpec architecture) {
    return build(architecture, List.of(), null);
  }

  /** The encoder with low-rank adapters on the layers named in {@code loraLayers} ({@code encoder.<i>}). */
  static SequentialBlock build(PretrainSpec architecture, List<String> loraLayers, LoraSpec lora) {
    SequentialBlock encoder = new SequentialBlock();
    List<Integer> widths = new java.util.ArrayList<>(architecture.hiddenUnits());
    widths.add(architecture.latentUnits());
    for (int i = 0; i < widths.size(); i++) {
      encoder.add(layer(widths.get(i), loraLayers.contains("encoder." + i), lora)).add(Activation.reluBlock());
    }
    return encoder;
  }

  /** A linear layer of {@code units}, learning through an adapter when {@code adapted}. */
  static Block layer(int units, boolean adapted, LoraSpec lora) {
    return adapted
        ? new LowRankAdapter(units, lora.rank(), lora.scaling())
        : Linear.builder().setUnits(units).build();
  }
}
