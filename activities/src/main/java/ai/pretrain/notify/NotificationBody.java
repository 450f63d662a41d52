package ai.pretrain.notify;

import ai.pretrain.pipeline.RunNotification;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON a webhook receives: the delivery id, the run, how it ended, the failed stage and message, the best metric,
 * links, and a Slack-compatible {@code text} line, so a Slack incoming webhook shows it as it is.
 */
final class NotificationBody {

  private static final ObjectMapper JSON = new ObjectMapper();

  private NotificationBody() {}

  static byte[] of(RunNotification n, WebhookLinks links) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deliveryId", n.deliveryId());
    body.put("event", n.event());
    body.put("runId", n.runId());
    body.put("pipeline", n.pipeline());
    body.put("status", n.event().toUpperCase(Locale.ROOT));
    body.put("failedStage", n.failedStage());
    body.put("message", n.message());
    body.put("bestMetric", n.bestMetricValue() == null ? null
        : Map.of("name", n.bestMetric(), "value", n.bestMetricValue()));
    Map<String, String> urls = links.of(n.runId());
    body.put("links", urls);
    body.put("text", text(n, urls));
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a notification did not serialise", e);
    }
  }

  private static String text(RunNotification n, Map<String, String> urls) {
    StringBuilder text = new StringBuilder("Run ").append(n.runId()).append(" (").append(n.pipeline()).append(") ")
        .append(n.event());
    if (n.failedStage() != null) {
      text.append(" at ").append(n.failedStage());
    }
    if (n.bestMetricValue() != null) {
      text.append(String.format(Locale.ROOT, ": test %s %.4f", n.bestMetric(), n.bestMetricValue()));
    }
    if (n.message() != null) {
      text.append(": ").append(n.message());
    }
    String link = urls.getOrDefault("run", urls.get("temporal"));
    if (link != null) {
      text.append(" <").append(link).append("|open>");
    }
    return text.toString();
  }
}
