package ai.pretrain.pipeline;

/**
 * What a webhook hears when a run ends: a delivery id that stays the same across retries (so a receiver can drop
 * duplicates), the receiver's URL, the run, how it ended ({@code completed}, {@code failed}, {@code cancelled}), the
 * stage that failed or was interrupted and the message, and the best test metric where the run scored its models.
 */
public record RunNotification(
    String deliveryId,
    String url,
    String runId,
    String pipeline,
    String event,
    String failedStage,
    String message,
    String bestMetric,
    Double bestMetricValue) {}
