package ai.pretrain.architecture;

import ai.pretrain.plugin.EncoderArchitecture;
import ai.pretrain.spec.EncoderLayers;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.Set;

/**
 * The {@code residual-cnn} encoder for images of 1 or 3 channels: a 3x3 stem, one residual stage per entry of
 * {@code channels} (each at half resolution), average pooling to a 4x4 grid, then the latent layer.
 */
public class ResidualCnnArchitecture implements EncoderArchitecture {

  @Override
  public String name() {
    return PretrainSpec.RESIDUAL_CNN;
  }

  @Override
  public String summary() {
    return "3x3 stem, a residual stage per channels entry at half resolution each, average pooling to a 4x4 grid, "
        + "then latentUnits; grey or colour images";
  }

  @Override
  public Set<Input> inputs() {
    return Set.of(Input.IMAGES);
  }

  @Override
  public EncoderLayers layers(EncoderSpec spec) {
    int convolutional = 1 + spec.channels().size();
    return new EncoderLayers(convolutional + 1, convolutional);
  }
}
