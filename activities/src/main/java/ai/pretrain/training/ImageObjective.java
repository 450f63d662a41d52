package ai.pretrain.training;

import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.plugin.PluginKind;
import ai.pretrain.plugin.PretrainingObjective;
import ai.pretrain.spec.PretrainSpec;
import java.io.IOException;

/**
 * A pretraining objective for the image and table encoders (mlp, residual-cnn, or an architecture plugin's), as a
 * plugin: it trains the spec's encoder on the prepared training split and completes the stage with the encoder's
 * weights as the {@code encoder} artifact. A jar adds one by implementing this and listing it in
 * {@code META-INF/services/ai.pretrain.plugin.Plugin}; {@link SelfSupervisedFit} gives it resume and checkpoints.
 */
public interface ImageObjective extends PretrainingObjective {

  PluginKind<ImageObjective> KIND = new PluginKind<>(ImageObjective.class, "image or table objective");

  /** Trains and completes the context's stage; a retried attempt resumes from the checkpoint its heartbeats name. */
  StageResult pretrain(TrainingContext context, PretrainSpec spec, PreparedData data) throws IOException;
}
