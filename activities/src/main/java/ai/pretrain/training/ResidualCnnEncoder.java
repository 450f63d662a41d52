package ai.pretrain.training;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.pretrain.architecture.ResidualCnnArchitecture;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.List;

/**
 * Builds the {@code residual-cnn} encoder over images of 1 or 3 channels in the data's geometry
 * ({@link Encoder#images}): a 3x3 stem, residual stages, global average pooling, then the ReLU latent layer.
 */
public final class ResidualCnnEncoder extends ResidualCnnArchitecture implements EncoderBuilder {

  @Override
  public SequentialBlock build(PretrainSpec spec, ImageGeometry input, List<String> loraLayers, LoraSpec lora) {
    List<Integer> channels = spec.channels();
    SequentialBlock encoder = new SequentialBlock();
    encoder.add(Encoder.images(input))
        .add(new SequentialBlock().add(ResidualBlock.convolution(channels.get(0), 3, 1))
            .add(BatchNorm.builder().build()).add(Activation.reluBlock()));
    for (int i = 0; i < channels.size(); i++) {
      int previous = i == 0 ? channels.get(0) : channels.get(i - 1);
      int stride = i == 0 ? 1 : 2;
      encoder.add(new ResidualBlock(channels.get(i), stride, stride != 1 || previous != channels.get(i)));
    }
    encoder.add(Pool.globalAvgPool2dBlock());
    return Encoder.addLatent(encoder, spec, 1 + channels.size(), loraLayers, lora);
  }
}
