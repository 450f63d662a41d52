package ai.pretrain.pipeline;

import ai.pretrain.spec.NotifySpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * Workflow code that tells a run's webhooks how it ended. Each delivery is an activity with bounded retries; one that
 * still fails is logged and given up, so a receiver that is down never fails or holds the run. Deliveries run in a
 * detached scope, so a cancelled run can still say it was cancelled.
 */
final class RunNotifications {

  private static final Logger log = Workflow.getLogger(RunNotifications.class);

  /** Runs recorded before notifications existed call no activity here; this marks the ones that may. */
  private static final String VERSION = "run-notifications";

  private final List<NotifySpec> targets;

  RunNotifications(List<NotifySpec> targets) {
    this.targets = targets;
  }

  /** Sends {@code ended} (its url and delivery id filled per target) to every target that wants its event. */
  void send(RunNotification ended) {
    if (targets.stream().noneMatch(t -> t.wants(ended.event()))
        || Workflow.getVersion(VERSION, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    NotificationActivities webhooks = Workflow.newActivityStub(NotificationActivities.class, StageOptions.NOTIFY);
    Workflow.newDetachedCancellationScope(() -> {
      for (int i = 0; i < targets.size(); i++) {
        NotifySpec target = targets.get(i);
        if (!target.wants(ended.event())) {
          continue;
        }
        RunNotification delivery = new RunNotification(ended.runId() + "/" + ended.event() + "/" + i, target.url(),
            ended.runId(), ended.pipeline(), ended.event(), ended.failedStage(), ended.message(), ended.bestMetric(),
            ended.bestMetricValue());
        try {
          webhooks.deliver(delivery);
        } catch (ActivityFailure e) {
          log.warn("run {}: gave up notifying notify[{}] of '{}' after {} attempts: {}", ended.runId(), i,
              ended.event(), StageOptions.NOTIFY_ATTEMPTS, Failures.rootMessage(e));
        }
      }
    }).run();
  }
}
