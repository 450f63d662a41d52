package ai.pretrain.stage;

import ai.pretrain.pipeline.TrainingProgress;
import java.util.Optional;

/** Where training reports progress, and where a retried attempt finds the progress of the one before. */
public interface Heartbeat {

  void beat(TrainingProgress progress);

  /** The last progress the previous attempt of this activity reported, if this is a retry. */
  Optional<TrainingProgress> previousAttempt();
}
