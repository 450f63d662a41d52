package ai.pretrain.api.runs;

import ai.pretrain.notify.WebhookHosts;
import ai.pretrain.spec.NotifySpec;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The webhooks of a spec, checked at submit against the operator's allowlist ({@code PRETRAIN_WEBHOOK_HOSTS}) and
 * the address ranges a webhook may not reach (the worker checks again before each delivery), and the operator's
 * default target ({@code PRETRAIN_NOTIFY_URL}) for a spec that names none.
 */
@ApplicationScoped
public class WebhookTargets {

  private final WebhookHosts hosts;
  private final Optional<NotifySpec> fallback;

  WebhookTargets(@ConfigProperty(name = "pretrain.webhooks.hosts") Optional<String> hosts,
      @ConfigProperty(name = "pretrain.notify.url") Optional<String> url,
      @ConfigProperty(name = "pretrain.notify.events") Optional<String> events) {
    this.hosts = WebhookHosts.parse(hosts.orElse(""));
    this.fallback = url.filter(u -> !u.isBlank()).map(u -> new NotifySpec(u, events.filter(e -> !e.isBlank())
        .map(e -> Arrays.stream(e.split(",")).map(String::trim).toList()).orElse(null)));
  }

  /** The spec with the operator's default target where it names none of its own. */
  PipelineSpec withDefault(PipelineSpec spec) {
    return spec.notifications().isEmpty() && fallback.isPresent()
        ? spec.withNotifications(List.of(fallback.get())) : spec;
  }

  /** Every {@code notify[i].url} the platform may not send to, with the reason and the fix. */
  List<Violation> violations(PipelineSpec spec) {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < spec.notifications().size(); i++) {
      String field = "notify[" + i + "].url";
      hosts.problem(spec.notifications().get(i).url()).ifPresent(p -> violations.add(new Violation(field, p)));
    }
    return violations;
  }
}
