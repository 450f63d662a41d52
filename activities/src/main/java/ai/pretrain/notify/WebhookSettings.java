package ai.pretrain.notify;

import java.util.Map;
import java.util.Optional;

/**
 * The operator's webhook settings on a worker: the host allowlist ({@code PRETRAIN_WEBHOOK_HOSTS}), the signing secret
 * ({@code PRETRAIN_WEBHOOK_SECRET}; without it nothing is sent) and the bases of the links a notification carries.
 */
public record WebhookSettings(WebhookHosts hosts, Optional<WebhookSignature> signature, WebhookLinks links) {

  public static WebhookSettings fromEnvironment(Map<String, String> env) {
    String secret = env.get(WebhookSignature.SECRET);
    return new WebhookSettings(WebhookHosts.parse(env.get(WebhookHosts.HOSTS)),
        secret == null || secret.isBlank() ? Optional.empty() : Optional.of(new WebhookSignature(secret)),
        new WebhookLinks(env.get("PRETRAIN_API_URL"), env.get("TEMPORAL_UI_URL"),
            env.getOrDefault("TEMPORAL_NAMESPACE", "default")));
  }
}
