package ai.pretrain.api.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Warns once at start when neither API keys nor OIDC tokens are configured, so an open API never goes unnoticed. */
@ApplicationScoped
public class AnonymousAccessWarning {

  private static final Logger LOG = Logger.getLogger(AnonymousAccessWarning.class);

  private final ApiKeys keys;
  private final BearerTokens tokens;

  AnonymousAccessWarning(ApiKeys keys, BearerTokens tokens) {
    this.keys = keys;
    this.tokens = tokens;
  }

  /** The warning, when authentication is off. */
  public Optional<String> warning() {
    if (keys.enabled() || tokens.enabled()) {
      return Optional.empty();
    }
    return Optional.of("authentication is OFF: neither PRETRAIN_AUTH_API_KEY_HASHES nor PRETRAIN_AUTH_OIDC_ISSUER is "
        + "set, so every caller acts as the admin 'anonymous' and anyone who reaches this API can start runs, cancel "
        + "them and delete their artifacts; configure API keys or OIDC anywhere but on a developer's machine");
  }

  void warnAtStart(@Observes StartupEvent started) {
    warning().ifPresent(LOG::warn);
  }
}
