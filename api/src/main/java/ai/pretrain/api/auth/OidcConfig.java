package ai.pretrain.api.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * OIDC bearer tokens (RS256 JWTs from an identity provider), beside the API keys; on when an issuer is configured.
 * Roles come from a claim whose values are mapped to viewer, submitter and admin.
 */
@ConfigMapping(prefix = "pretrain.auth.oidc")
public interface OidcConfig {

  /** The {@code iss} every token must carry; unset turns OIDC off. */
  Optional<String> issuer();

  /** An {@code aud} every token must carry (the API's client id at the provider). */
  Optional<String> audience();

  /** The provider's JSON Web Key Set as a file (mounted from a ConfigMap or secret). */
  Optional<String> jwksFile();

  /** The provider's JSON Web Key Set URL ({@code jwks_uri} of its discovery document), fetched when needed. */
  Optional<String> jwksUrl();

  /** Or one RSA public key, a PEM file ({@code BEGIN PUBLIC KEY}). */
  Optional<String> publicKeyFile();

  /** The claim that names the owner runs are recorded under. */
  @WithDefault("sub")
  String ownerClaim();

  /** The claim holding the caller's roles (an array or a space-separated string; dots reach into objects). */
  @WithDefault("roles")
  String rolesClaim();

  /** Values of the roles claim that grant each role; the highest granted wins. */
  @WithDefault("pretrain-viewer")
  List<String> viewerValues();

  @WithDefault("pretrain-submitter")
  List<String> submitterValues();

  @WithDefault("pretrain-admin")
  List<String> adminValues();

  /** Clock difference tolerated on {@code exp} and {@code nbf}. */
  @WithDefault("60s")
  Duration clockSkew();
}
