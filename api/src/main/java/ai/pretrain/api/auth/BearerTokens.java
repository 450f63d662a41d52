package ai.pretrain.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Verifies OIDC bearer tokens (RS256 JWTs: signature, {@code exp}, {@code nbf}, {@code iss}, {@code aud}) against the
 * provider's keys, and maps them to the same {@link Caller} the API keys give. The keys come from a file, a PEM public
 * key or the provider's JWKS URL (fetched on first use and again, at most once a minute, for an unknown key id).
 */
@Startup
@ApplicationScoped
public class BearerTokens {

  /** Why a token was refused: 401 when it does not prove who the caller is, 403 when it grants no role. */
  public static final class Refused extends Exception {
    private final boolean authenticated;

    Refused(String message, boolean authenticated) {
      super(message, null, false, false);
      this.authenticated = authenticated;
    }

    public boolean authenticated() {
      return authenticated;
    }
  }

  private static final Logger LOG = Logger.getLogger(BearerTokens.class);
  private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OidcConfig config;
  private final Clock clock;
  private volatile Map<String, PublicKey> keys = Map.of();
  private volatile Instant fetchedAt = Instant.EPOCH;

  @Inject
  BearerTokens(OidcConfig config) {
    this(config, Clock.systemUTC());
  }

  BearerTokens(OidcConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    if (!enabled()) {
      return;
    }
    String variables = "PRETRAIN_AUTH_OIDC_";
    if (config.audience().filter(a -> !a.isBlank()).isEmpty()) {
      throw new IllegalArgumentException(variables + "ISSUER is set, so set " + variables + "AUDIENCE to the API's "
          + "client id at the provider: tokens for other clients must not be accepted");
    }
    int sources = (present(config.jwksFile()) ? 1 : 0) + (present(config.jwksUrl()) ? 1 : 0)
        + (present(config.publicKeyFile()) ? 1 : 0);
    if (sources != 1) {
      throw new IllegalArgumentException(variables + "ISSUER is set, so set exactly one of " + variables
          + "JWKS_FILE, " + variables + "JWKS_URL or " + variables + "PUBLIC_KEY_FILE (" + sources + " are set)");
    }
    if (!present(config.jwksUrl())) {
      keys = loadLocal();
    }
    LOG.infof("OIDC bearer tokens accepted from %s for audience %s", config.issuer().get(), config.audience().get());
  }

  public boolean enabled() {
    return present(config.issuer());
  }

  /** Whether a presented credential has the shape of a JWT rather than of an API key. */
  public static boolean looksLikeToken(String credential) {
    return JWT.matcher(credential).matches();
  }

  /** The caller a valid token names; {@link Refused} says why not, without echoing the token. */
  public Caller authenticate(String token) throws Refused {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new Refused("the bearer token is not a JWT", false);
    }
    JsonNode header = json(parts[0], "header");
    JsonNode claims = json(parts[1], "claims");
    String alg = header.path("alg").asText();
    if (!"RS256".equals(alg)) {
      throw new Refused("the bearer token is signed with '" + alg + "'; only RS256 is accepted", false);
    }
    verifySignature(parts, header.path("kid").asText(null));
    Instant now = clock.instant();
    if (!claims.path("exp").isNumber()) {
      throw new Refused("the bearer token has no exp claim", false);
    }
    if (now.isAfter(Instant.ofEpochSecond(claims.path("exp").asLong()).plus(config.clockSkew()))) {
      throw new Refused("the bearer token has expired", false);
    }
    if (claims.path("nbf").isNumber()
        && now.isBefore(Instant.ofEpochSecond(claims.path("nbf").asLong()).minus(config.clockSkew()))) {
      throw new Refused("the bearer token is not valid yet (nbf)", false);
    }
    if (!config.issuer().get().equals(claims.path("iss").asText(null))) {
      throw new Refused("the bearer token was issued by '" + claims.path("iss").asText("") + "', not by "
          + config.issuer().get(), false);
    }
    if (!values(claims.path("aud")).contains(config.audience().get())) {
      throw new Refused("the bearer token is not for audience " + config.audience().get(), false);
    }
    String owner = claim(claims, config.ownerClaim()).asText("");
    if (!ApiKeys.OWNER.matcher(owner).matches()) {
      throw new Refused("the bearer token's " + config.ownerClaim() + " claim must match " + ApiKeys.OWNER.pattern()
          + " to name an owner", false);
    }
    List<String> granted = values(claim(claims, config.rolesClaim()));
    Role role = granted.stream().anyMatch(config.adminValues()::contains) ? Role.ADMIN
        : granted.stream().anyMatch(config.submitterValues()::contains) ? Role.SUBMITTER
        : granted.stream().anyMatch(config.viewerValues()::contains) ? Role.VIEWER
        : null;
    if (role == null) {
      throw new Refused("the bearer token of '" + owner + "' grants none of the API's roles: its "
          + config.rolesClaim() + " claim needs one of " + config.viewerValues() + ", " + config.submitterValues()
          + " or " + config.adminValues(), true);
    }
    return new Caller(owner, role);
  }

  private void verifySignature(String[] parts, String kid) throws Refused {
    List<PublicKey> candidates = candidates(kid);
    if (candidates.isEmpty() && present(config.jwksUrl()) && refetchAllowed()) {
      keys = fetch();
      candidates = candidates(kid);
    }
    if (candidates.isEmpty()) {
      throw new Refused("the bearer token is signed with key '" + kid + "', which the provider does not list", false);
    }
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new Refused("the bearer token's signature is not base64url", false);
    }
    for (PublicKey key : candidates) {
      try {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(signed);
        if (verifier.verify(signature)) {
          return;
        }
      } catch (GeneralSecurityException e) {
        // Not this key; try the next.
      }
    }
    throw new Refused("the bearer token's signature does not verify", false);
  }

  private List<PublicKey> candidates(String kid) {
    Map<String, PublicKey> known = keys;
    if (known.isEmpty() && present(config.jwksUrl()) && refetchAllowed()) {
      known = keys = fetch();
    }
    if (kid != null && known.containsKey(kid)) {
      return List.of(known.get(kid));
    }
    // A token without a kid may be signed by any of the keys; one naming an unknown kid by none.
    return kid == null ? new ArrayList<>(known.values()) : List.of();
  }

  private synchronized boolean refetchAllowed() {
    Instant now = clock.instant();
    if (Duration.between(fetchedAt, now).compareTo(REFETCH_AT_MOST_EVERY) < 0) {
      return false;
    }
    fetchedAt = now;
    return true;
  }

  private Map<String, PublicKey> loadLocal() {
    try {
      if (present(config.publicKeyFile())) {
        String pem = Files.readString(Path.of(config.publicKeyFile().get()));
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(
            new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        return Map.of("", key);
      }
      return parseJwks(Files.readString(Path.of(config.jwksFile().get())));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read the OIDC keys from "
          + config.publicKeyFile().map(f -> "PRETRAIN_AUTH_OIDC_PUBLIC_KEY_FILE " + f)
              .orElse("PRETRAIN_AUTH_OIDC_JWKS_FILE " + config.jwksFile().orElse(""))
          + ": " + e.getMessage(), e);
    }
  }

  private Map<String, PublicKey> fetch() {
    String url = config.jwksUrl().get();
    try {
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      return parseJwks(response.body());
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      LOG.warnf("cannot fetch the OIDC keys from %s: %s", url, e.getMessage());
      return keys;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return keys;
    }
  }

  /** The RSA signing keys of a JWKS document, by key id ({@code ""} for a key without one). */
  static Map<String, PublicKey> parseJwks(String document) throws IOException, GeneralSecurityException {
    Map<String, PublicKey> parsed = new LinkedHashMap<>();
    for (JsonNode key : JSON.readTree(document).path("keys")) {
      if (!"RSA".equals(key.path("kty").asText()) || "enc".equals(key.path("use").asText())) {
        continue;
      }
      Base64.Decoder base64 = Base64.getUrlDecoder();
      RSAPublicKeySpec spec = new RSAPublicKeySpec(new BigInteger(1, base64.decode(key.path("n").asText())),
          new BigInteger(1, base64.decode(key.path("e").asText())));
      parsed.put(key.path("kid").asText(""), KeyFactory.getInstance("RSA").generatePublic(spec));
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("the key set has no RSA signing key");
    }
    return parsed;
  }

  private static JsonNode json(String part, String what) throws Refused {
    try {
      JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw new Refused("the bearer token's " + what + " is not a JSON object", false);
      }
      return node;
    } catch (IOException | IllegalArgumentException e) {
      throw new Refused("the bearer token's " + what + " is not base64url JSON", false);
    }
  }

  private static JsonNode claim(JsonNode claims, String path) {
    JsonNode node = claims;
    for (String name : path.split("\\.")) {
      node = node.path(name);
    }
    return node;
  }

  private static List<String> values(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    } else if (node.isTextual()) {
      for (String v : node.asText().split(" ")) {
        if (!v.isBlank()) {
          values.add(v);
        }
      }
    }
    return values;
  }

  private static boolean present(Optional<String> value) {
    return value.filter(v -> !v.isBlank()).isPresent();
  }
}
