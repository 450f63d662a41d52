package ai.pretrain.stage;

import ai.pretrain.pipeline.TrainingProgress;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;

/**
 * Heartbeats to Temporal: progress from the activity's thread, where a cancelled run surfaces as an exception at the
 * next beat and stops training between steps, and in between the last progress again from an
 * {@link ActivityKeepAlive} (before the first step, the previous attempt's, so a retry of a retry still resumes).
 */
public final class ActivityHeartbeat implements Heartbeat, AutoCloseable {

  private final ActivityExecutionContext context;
  private final Optional<TrainingProgress> previous;
  private TrainingProgress last;
  private final ActivityKeepAlive keepAlive;

  private ActivityHeartbeat(ActivityExecutionContext context) {
    this.context = context;
    this.previous = context.getHeartbeatDetails(TrainingProgress.class);
    this.last = previous.orElse(null);
    this.keepAlive = ActivityKeepAlive.start(context, this::beatAgain);
  }

  /** Heartbeats for the calling activity until closed. */
  public static ActivityHeartbeat start() {
    return new ActivityHeartbeat(Activity.getExecutionContext());
  }

  @Override
  public synchronized void beat(TrainingProgress progress) {
    last = progress;
    context.heartbeat(progress);
  }

  /** The last progress again, under the same lock as {@link #beat}, so it never overtakes a newer one. */
  private synchronized void beatAgain() {
    context.heartbeat(last);
  }

  @Override
  public Optional<TrainingProgress> previousAttempt() {
    return previous;
  }

  @Override
  public void close() {
    keepAlive.close();
  }
}
