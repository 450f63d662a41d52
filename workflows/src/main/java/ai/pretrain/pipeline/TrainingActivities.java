package ai.pretrain.pipeline;

import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import io.temporal.activity.ActivityInterface;

/** The training stages, run with DJL on the PyTorch engine; they heartbeat {@link TrainingProgress}. */
@ActivityInterface
public interface TrainingActivities {

  /** Self-supervised pretraining on the unlabeled shards. Artifacts: {@code encoder}, {@code checkpoint}. */
  StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data);

  /**
   * Builds the classifier: the pretrained encoder (or, when {@code pretrained} is null, a freshly initialised one for
   * the from-scratch baseline) under a new head. Artifact: {@code model}. It takes the whole pretraining spec for
   * continued pretraining, which trains as the encoder was pretrained; the classifier is keyed on its shape alone.
   */
  StageResult adapt(RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data,
      StageResult pretrained);

  /**
   * Supervised training on the labeled examples with early stopping on validation accuracy; it builds the classifier
   * of {@code architecture}'s shape only, however the encoder was pretrained. Artifact: {@code model}.
   */
  StageResult fineTune(
      RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune, PreparedData data,
      StageResult adapted);

  /**
   * One rung of a sweep trial: epochs up to {@code untilEpoch} of a fine-tuning {@code fineTune.epochs()} long, whose
   * learning-rate schedule spans all of them. It goes on from {@code start}'s {@code training-state} where it has one
   * (the trial's previous rung), so rungs of 1, 2 and 6 epochs train as 9 straight ones would, else from
   * {@code start}'s model at epoch 0. Artifacts: {@code model} (the best epoch so far, whose scores are the metrics),
   * {@code history} and, before the last epoch, {@code training-state}.
   */
  StageResult fineTuneRung(
      RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune, int untilEpoch,
      PreparedData data, StageResult start);
}
