package ai.pretrain.training;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.pretrain.architecture.MlpArchitecture;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.network.LowRankAdapter;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.LoraSpec;
import java.util.List;

/**
 * Builds the {@code mlp} encoder: a ReLU layer per entry of {@code hiddenUnits}, then the ReLU latent layer. Images
 * whose statistics data prep recorded are standardized per channel first ({@link Encoder#standardizedPixels}).
 */
public final class MlpEncoder extends MlpArchitecture implements EncoderBuilder {

  @Override
  public SequentialBlock build(EncoderSpec spec, ImageGeometry input, List<String> loraLayers, LoraSpec lora) {
    SequentialBlock encoder = new SequentialBlock();
    if (input.pixels() != null) {
      encoder.add(Encoder.standardizedPixels(input));
    }
    List<Integer> widths = spec.hiddenUnits();
    for (int i = 0; i < widths.size(); i++) {
      encoder.add(LowRankAdapter.linear(widths.get(i), loraLayers.contains("encoder." + i), lora)).add(Activation.reluBlock());
    }
    return Encoder.addLatent(encoder, spec, widths.size(), loraLayers, lora);
  }
}
