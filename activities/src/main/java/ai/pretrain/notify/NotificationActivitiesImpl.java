package ai.pretrain.notify;

import ai.pretrain.pipeline.NotificationActivities;
import ai.pretrain.pipeline.RunNotification;
import ai.pretrain.pipeline.StageOptions;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a run's ending to a webhook: signed, never following a redirect, never through a proxy, with the
 * {@code Pretrain-Delivery} id (also sent as {@code Idempotency-Key}) that stays the same on every retry. The host is
 * checked against the allowlist again before each attempt, and the connection goes only to the addresses that check
 * allowed (OkHttp's name lookup is {@link WebhookHosts#addresses}; the JDK's client resolves again by itself, which
 * left a DNS-rebinding window). A 2xx is delivered; a 4xx other than 408 and 429 will not change on retry and gives up
 * at once; anything else is retried by the activity's options.
 */
public final class NotificationActivitiesImpl implements NotificationActivities {

  public static final String DELIVERY_HEADER = "Pretrain-Delivery";
  public static final String EVENT_HEADER = "Pretrain-Event";
  private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
  private static final MediaType JSON = MediaType.get("application/json");

  private final WebhookHosts hosts;
  private final Optional<WebhookSignature> signature;
  private final WebhookLinks links;
  private final OkHttpClient http;

  public NotificationActivitiesImpl(WebhookSettings settings) {
    this.hosts = settings.hosts();
    this.signature = settings.signature();
    this.links = settings.links();
    this.http = new OkHttpClient.Builder()
        .dns(hosts::addresses)
        .proxy(Proxy.NO_PROXY)
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .connectTimeout(Duration.ofSeconds(5))
        .callTimeout(REPLY_TIMEOUT)
        .build();
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
    Request request = new Request.Builder()
        .url(notification.url())
        .header(WebhookSignature.HEADER, signature.get().sign(body))
        .header(DELIVERY_HEADER, notification.deliveryId())
        .header("Idempotency-Key", notification.deliveryId())
        .header(EVENT_HEADER, notification.event())
        .post(RequestBody.create(body, JSON))
        .build();
    int status;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
    } catch (WebhookHosts.RefusedHost e) {
      throw giveUp(notification, "WebhookRefused", e.getMessage());
    } catch (IOException e) {
      throw retry(notification, e.getClass().getSimpleName() + ": " + e.getMessage());
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
