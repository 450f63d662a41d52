package ai.pretrain.architecture;

import ai.pretrain.plugin.EncoderArchitecture;
import ai.pretrain.spec.EncoderLayers;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.Set;

/** The {@code mlp} encoder: a ReLU layer per entry of {@code hiddenUnits}, then the latent layer; all linear. */
public class MlpArchitecture implements EncoderArchitecture {

  @Override
  public String name() {
    return PretrainSpec.MLP;
  }

  @Override
  public String summary() {
    return "fully connected: a ReLU layer per hiddenUnits entry, then latentUnits; images or tables";
  }

  @Override
  public Set<Input> inputs() {
    return Set.of(Input.IMAGES, Input.TABLES);
  }

  @Override
  public EncoderLayers layers(EncoderSpec spec) {
    return new EncoderLayers(spec.hiddenUnits().size() + 1, 0);
  }
}
