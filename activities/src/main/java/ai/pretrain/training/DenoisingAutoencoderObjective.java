package ai.pretrain.training;

import ai.pretrain.plugin.PretrainingObjective;
import ai.pretrain.spec.PretrainSpec;
import java.util.Set;

/** The {@code denoising-autoencoder} objective of the MLP and CNN encoders; see {@link DenoisingAutoencoder}. */
public final class DenoisingAutoencoderObjective implements PretrainingObjective {

  @Override
  public String name() {
    return PretrainSpec.DENOISING_AUTOENCODER;
  }

  @Override
  public String summary() {
    return "reconstruct clean inputs from corrupted ones (pretrain.corruption, corruptionLevel); MLP and CNN encoders";
  }

  @Override
  public Set<String> architectures() {
    return Set.of(PretrainSpec.MLP, PretrainSpec.RESIDUAL_CNN);
  }
}
