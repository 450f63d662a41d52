package ai.pretrain.training;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats without details from a daemon thread while a stage that reports no training progress runs (data prep
 * over a large source, scoring a large test split), so its heartbeat timeout fires only when the worker is gone, not
 * because the work is long. Training stages report their own progress instead, whose details a retry resumes from.
 */
public final class ActivityKeepAlive implements AutoCloseable {

  private static final long INTERVAL_SECONDS = 10;

  private final ScheduledExecutorService timer;

  private ActivityKeepAlive(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts beating for the calling activity. */
  public static ActivityKeepAlive start() {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "keep-alive " + context.getInfo().getActivityType());
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(() -> {
      try {
        context.heartbeat(null);
      } catch (ActivityCompletionException ended) {
        // cancelled or timed out: the server has already decided, and the activity's own thread will learn it
        timer.shutdown();
      }
    }, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
    return new ActivityKeepAlive(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
