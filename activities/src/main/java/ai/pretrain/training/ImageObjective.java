package ai.pretrain.training;

import ai.pretrain.cache.StageRun;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.plugin.PluginKind;
import ai.pretrain.plugin.PretrainingObjective;
import ai.pretrain.spec.PretrainSpec;
import java.io.IOException;
import java.time.Duration;

/**
 * A pretraining objective for the image and table encoders (mlp, residual-cnn, or an architecture plugin's), as a
 * plugin: it trains the spec's encoder on the prepared training split and completes the stage with the encoder's
 * weights as the {@code encoder} artifact. A jar adds one by implementing this and listing it in
 * {@code META-INF/services/ai.pretrain.plugin.Plugin}; {@link SelfSupervisedFit} gives it resume and checkpoints.
 */
public interface ImageObjective extends PretrainingObjective {

  PluginKind<ImageObjective> KIND = new PluginKind<>(ImageObjective.class, "image or table objective");

  /** Trains and completes {@code stage}; a retried attempt resumes from the checkpoint its heartbeats name. */
  StageResult pretrain(StageRun stage, PretrainSpec spec, long seed, Heartbeat heartbeat,
      Duration checkpointInterval, PreparedData data) throws IOException;
}
