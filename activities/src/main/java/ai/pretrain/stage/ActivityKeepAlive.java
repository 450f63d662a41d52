package ai.pretrain.stage;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
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

  private static final Duration INTERVAL = Duration.ofSeconds(10);

  /**
   * A heartbeat timeout shorter than this asks for beats from the work itself (tests that watch every beat), which a
   * timer cannot stand in for: no keep-alive then.
   */
  private static final Duration SHORTEST_TIMEOUT = Duration.ofSeconds(3);

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
    Duration timeout = context.getInfo().getHeartbeatTimeout();
    if (timeout == null || timeout.compareTo(SHORTEST_TIMEOUT) < 0) {
      return new ActivityKeepAlive(null);
    }
    long interval = Math.min(INTERVAL.toMillis(), timeout.toMillis() / 3);
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
    }, interval, interval, TimeUnit.MILLISECONDS);
    return new ActivityKeepAlive(timer);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
