package ai.pretrain.training;

import ai.pretrain.pipeline.TrainingProgress;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;

/**
 * Heartbeats to Temporal from the activity's thread. A cancelled run surfaces here as an exception at the next beat,
 * which stops training between steps.
 */
final class ActivityHeartbeat implements Heartbeat {

  private final ActivityExecutionContext context = Activity.getExecutionContext();

  @Override
  public void beat(TrainingProgress progress) {
    context.heartbeat(progress);
  }

  @Override
  public Optional<TrainingProgress> previousAttempt() {
    return context.getHeartbeatDetails(TrainingProgress.class);
  }
}
