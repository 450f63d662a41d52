package ai.pretrain.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Tells a webhook that a run ended; retried a few times, then given up without touching the run. */
@ActivityInterface
public interface NotificationActivities {

  @ActivityMethod(name = "NotifyWebhook")
  void deliver(RunNotification notification);
}
