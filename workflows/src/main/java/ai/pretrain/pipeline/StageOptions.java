package ai.pretrain.pipeline;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Activity options shared by the workflows, named for what they protect. */
public final class StageOptions {

  /**
   * Attempts of a stage that failed for a reason a retry can fix (storage or worker gone): with backoff from 1 s doubling
   * to 30 s, 20 attempts ride out about 8 minutes of outage. Errors no retry can fix are non-retryable and fail at once.
   */
  private static final int RETRY_ATTEMPTS = 20;

  /** Attempts of a webhook delivery before the run gives up on it. */
  public static final int NOTIFY_ATTEMPTS = 5;

  /**
   * Training may run for hours; a lost worker is noticed within the heartbeat timeout and the retry resumes from the
   * checkpoint in the last heartbeat. Cancellation waits for the activity to stop and keep its checkpoint.
   */
  public static final ActivityOptions TRAINING = ActivityOptions.newBuilder()
      .setTaskQueue(TaskQueues.GPU)
      .setStartToCloseTimeout(Duration.ofHours(12))
      .setHeartbeatTimeout(Duration.ofSeconds(30))
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(RETRY_ATTEMPTS)
          .build())
      .build();

  /** Data prep and evaluation: minutes of CPU work, retried on transient storage errors. */
  public static final ActivityOptions QUICK = ActivityOptions.newBuilder()
      .setTaskQueue(TaskQueues.CPU)
      .setStartToCloseTimeout(Duration.ofMinutes(30))
      .setHeartbeatTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(RETRY_ATTEMPTS)
          .build())
      .build();

  /** The run report: nice to have, so a broken report gives up after a few tries instead of holding the run. */
  public static final ActivityOptions REPORT = ActivityOptions.newBuilder(QUICK)
      .setRetryOptions(RetryOptions.newBuilder(QUICK.getRetryOptions()).setMaximumAttempts(3).build())
      .build();

  /**
   * A webhook delivery: five attempts, 2 s backing off to 30 s, about a minute in all, then the run goes on without
   * it; a receiver that hangs is cut off after 15 s.
   */
  public static final ActivityOptions NOTIFY = ActivityOptions.newBuilder()
      .setTaskQueue(TaskQueues.CPU)
      .setStartToCloseTimeout(Duration.ofSeconds(15))
      .setScheduleToCloseTimeout(Duration.ofMinutes(3))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(NOTIFY_ATTEMPTS)
          .build())
      .build();

  private StageOptions() {}
}
