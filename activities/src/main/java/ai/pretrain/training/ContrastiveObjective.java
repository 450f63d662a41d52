package ai.pretrain.training;

import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.plugin.EncoderArchitecture.Input;
import ai.pretrain.spec.PretrainSpec;
import java.io.IOException;
import java.util.Set;

/** The {@code contrastive} objective of image encoders: SimCLR; see {@link ContrastivePretraining}. */
public final class ContrastiveObjective implements ImageObjective {

  @Override
  public String name() {
    return PretrainSpec.CONTRASTIVE;
  }

  @Override
  public String summary() {
    return "SimCLR: pull two augmented views of an image together against the batch's other images (NT-Xent, "
        + "pretrain.augmentations, temperature) through a projection head dropped after pretraining; images";
  }

  @Override
  public Set<Input> inputs() {
    return Set.of(Input.IMAGES);
  }

  @Override
  public StageResult pretrain(TrainingContext context, PretrainSpec spec, PreparedData data) throws IOException {
    return new ContrastivePretraining(context, spec).run(data);
  }
}
