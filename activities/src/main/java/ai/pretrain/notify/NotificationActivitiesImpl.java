package ai.pretrain.notify;

import ai.pretrain.pipeline.NotificationActivities;
import ai.pretrain.pipeline.RunNotification;
import ai.pretrain.pipeline.StageOptions;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a run's ending to a webhook with the JDK's HTTP client: signed, never following a redirect, with the
 * {@code Pretrain-Delivery} id (also sent as {@code Idempotency-Key}) that stays the same on every retry. The host is
 * checked against the allowlist again before each attempt. A 2xx is delivered; a 4xx other than 408 and 429 will not
 * change on retry and gives up at once; anything else is retried by the activity's options.
 */
public final class NotificationActivitiesImpl implements NotificationActivities {

  public static final String DELIVERY_HEADER = "Pretrain-Delivery";
  public static final String EVENT_HEADER = "Pretrain-Event";
  private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

  private final WebhookHosts hosts;
  private final Optional<WebhookSignature> signature;
  private final WebhookLinks links;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  public NotificationActivitiesImpl(WebhookSettings settings) {
    this.hosts = settings.hosts();
    this.signature = settings.signature();
    this.links = settings.links();
  }

  @Override
  public void deliver(RunNotification notification) {
    Optional<String> refused = hosts.problem(notification.url());
    if (refused.isPresent()) {
      throw giveUp(notification, "WebhookRefused", refused.get());
    }
    if (signature.isEmpty()) {
      throw giveUp(notification, "WebhookUnsigned", WebhookSignature.SECRET + " is not set on the worker, and "
          + "webhooks are only sent signed");
    }
    byte[] body = NotificationBody.of(notification, links);
    HttpRequest request = HttpRequest.newBuilder(URI.create(notification.url()))
        .timeout(REPLY_TIMEOUT)
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, signature.get().sign(body))
        .header(DELIVERY_HEADER, notification.deliveryId())
        .header("Idempotency-Key", notification.deliveryId())
        .header(EVENT_HEADER, notification.event())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    int status;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw retry(notification, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
    if (status / 100 == 2) {
      log.info("run {}: delivered {} to {}", notification.runId(), notification.deliveryId(), notification.url());
      return;
    }
    String answer = notification.url() + " answered " + status;
    if (status / 100 == 4 && status != 408 && status != 429) {
      throw giveUp(notification, "WebhookRejected", answer);
    }
    throw retry(notification, answer);
  }

  private static ApplicationFailure giveUp(RunNotification notification, String type, String why) {
    log.warn("run {}: not notifying {}: {}", notification.runId(), notification.url(), why);
    return ApplicationFailure.newNonRetryableFailure(why, type);
  }

  private static ApplicationFailure retry(RunNotification notification, String why) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    if (attempt >= StageOptions.NOTIFY_ATTEMPTS) {
      log.warn("run {}: giving up on {} after {} attempts: {}", notification.runId(), notification.url(), attempt,
          why);
    }
    return ApplicationFailure.newFailure(why, "WebhookUnavailable");
  }
}
