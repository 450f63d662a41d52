package ai.pretrain.training;

import ai.pretrain.plugin.EncoderArchitecture.Input;
import ai.pretrain.plugin.PretrainingObjective;
import ai.pretrain.spec.PretrainSpec;
import java.util.Set;

/** The {@code denoising-autoencoder} objective of image and table encoders; see {@link DenoisingAutoencoder}. */
public final class DenoisingAutoencoderObjective implements PretrainingObjective {

  @Override
  public String name() {
    return PretrainSpec.DENOISING_AUTOENCODER;
  }

  @Override
  public String summary() {
    return "reconstruct clean inputs from corrupted ones (pretrain.corruption, corruptionLevel); images and tables";
  }

  @Override
  public Set<Input> inputs() {
    return Set.of(Input.IMAGES, Input.TABLES);
  }
}
