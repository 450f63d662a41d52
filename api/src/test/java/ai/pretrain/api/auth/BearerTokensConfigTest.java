package ai.pretrain.api.auth;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A half-configured OIDC setup stops the API with a message naming what to set. */
class BearerTokensConfigTest {

  @Test
  void anIssuerWithoutAnAudienceOrWithoutKeysIsRefusedAtStartup() {
    IllegalArgumentException noAudience = assertThrows(IllegalArgumentException.class,
        () -> new BearerTokens(config(Optional.empty(), Optional.of("/tmp/jwks.json"))));
    assertTrue(noAudience.getMessage().contains("PRETRAIN_AUTH_OIDC_AUDIENCE"), noAudience.getMessage());

    IllegalArgumentException noKeys = assertThrows(IllegalArgumentException.class,
        () -> new BearerTokens(config(Optional.of("api"), Optional.empty())));
    assertTrue(noKeys.getMessage().contains("PRETRAIN_AUTH_OIDC_JWKS_FILE"), noKeys.getMessage());

    IllegalArgumentException unreadable = assertThrows(IllegalArgumentException.class,
        () -> new BearerTokens(config(Optional.of("api"), Optional.of("/nonexistent/jwks.json"))));
    assertTrue(unreadable.getMessage().contains("/nonexistent/jwks.json"), unreadable.getMessage());
  }

  @Test
  void withoutAnIssuerOidcIsOff() {
    OidcConfig off = new Config(Optional.empty(), Optional.empty(), Optional.empty());
    assertTrue(!new BearerTokens(off).enabled());
  }

  private static OidcConfig config(Optional<String> audience, Optional<String> jwksFile) {
    return new Config(Optional.of("https://idp"), audience, jwksFile);
  }

  private record Config(Optional<String> issuer, Optional<String> audience, Optional<String> jwksFile)
      implements OidcConfig {
    @Override public Optional<String> jwksUrl() { return Optional.empty(); }
    @Override public Optional<String> publicKeyFile() { return Optional.empty(); }
    @Override public String ownerClaim() { return "sub"; }
    @Override public String rolesClaim() { return "roles"; }
    @Override public List<String> viewerValues() { return List.of("pretrain-viewer"); }
    @Override public List<String> submitterValues() { return List.of("pretrain-submitter"); }
    @Override public List<String> adminValues() { return List.of("pretrain-admin"); }
    @Override public Duration clockSkew() { return Duration.ofSeconds(60); }
  }
}
