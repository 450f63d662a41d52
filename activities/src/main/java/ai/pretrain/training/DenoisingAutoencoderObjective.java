package ai.pretrain.training;

import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.plugin.EncoderArchitecture.Input;
import ai.pretrain.spec.PretrainSpec;
import java.io.IOException;
import java.util.Set;

/** The {@code denoising-autoencoder} objective of image and table encoders; see {@link DenoisingAutoencoder}. */
public final class DenoisingAutoencoderObjective implements ImageObjective {

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

  @Override
  public StageResult pretrain(TrainingContext context, PretrainSpec spec, PreparedData data) throws IOException {
    return new Pretraining(context, spec).run(data);
  }
}
