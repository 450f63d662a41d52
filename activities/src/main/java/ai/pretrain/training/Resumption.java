package ai.pretrain.training;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingProgress;
import ai.pretrain.stage.Heartbeat;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.util.Optional;

/** Finds the checkpoint a previous attempt of this activity heartbeated, or a previous rung ended with; opens it. */
final class Resumption {

  private Resumption() {}

  /** The previous attempt's last checkpoint, downloaded and opened; empty on a first attempt. */
  static Optional<TrainingCheckpoint> fromPreviousAttempt(Heartbeat heartbeat, StageRun stage) throws IOException {
    Optional<TrainingProgress> last = heartbeat.previousAttempt().filter(p -> p.checkpoint() != null);
    if (last.isEmpty()) {
      return Optional.empty();
    }
    stage.log().info("resuming from the previous attempt's checkpoint after epoch " + last.get().checkpointEpoch());
    return Optional.of(TrainingCheckpoint.open(stage.download(last.get().checkpoint(), "resume.zip")));
  }

  /** The training state a sweep trial's previous rung ended with, downloaded and opened; empty on a first rung. */
  static Optional<TrainingCheckpoint> fromPreviousRung(StageRun stage, StageResult previous) throws IOException {
    if (!previous.artifacts().containsKey(Artifacts.TRAINING_STATE)) {
      return Optional.empty();
    }
    return Optional.of(TrainingCheckpoint.open(
        stage.download(previous.artifact(Artifacts.TRAINING_STATE), "previous-rung.zip")));
  }

  /** The epochs trained before the checkpoint, or none. */
  static TrainingHistory history(Optional<TrainingCheckpoint> checkpoint) throws IOException {
    return checkpoint.isPresent() ? checkpoint.get().history() : new TrainingHistory();
  }

  /** The counters to start from: the checkpoint's, or zero. */
  static TrainingCheckpoint.State startState(Optional<TrainingCheckpoint> checkpoint) throws IOException {
    return checkpoint.isPresent()
        ? checkpoint.get().state()
        : new TrainingCheckpoint.State(0, 0, Double.NaN, 0, Double.NEGATIVE_INFINITY);
  }
}
