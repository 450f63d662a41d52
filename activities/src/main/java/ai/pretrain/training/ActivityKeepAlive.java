package ai.pretrain.training;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats from a daemon thread every few seconds while an activity runs, so its heartbeat timeout fires only when
 * the worker is gone, not because one pass (a large source read, a validation split scored by a large encoder, a
 * checkpoint written under load) outlasts it. A training's beat re-sends its last progress, so the details a retry
 * resumes from are never replaced by anything older or empty.
 */
public final class ActivityKeepAlive implements AutoCloseable {

  private static final long INTERVAL_SECONDS = 10;

  private final ScheduledExecutorService timer;

  private ActivityKeepAlive(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts beating for the calling activity with no details: for stages that report no progress. */
  public static ActivityKeepAlive start() {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return start(context, () -> context.heartbeat(null));
  }

  /** Runs {@code beat} (a heartbeat of the activity of {@code context}) every few seconds until closed. */
  static ActivityKeepAlive start(ActivityExecutionContext context, Runnable beat) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "keep-alive " + context.getInfo().getActivityType());
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        beat.run();
      } catch (ActivityCompletionException ended) {
        // cancelled or timed out: the server has already decided, and the activity's own thread will learn it
        timer.shutdown();
      }
    }, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
    return new ActivityKeepAlive(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
