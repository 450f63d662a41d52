package ai.pretrain.api.auth;

import ai.pretrain.artifact.Sha256;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** The configured API keys, by the sha256 of the key; the keys themselves are never held. */
@Startup
@ApplicationScoped
public class ApiKeys {

  private static final Logger LOG = Logger.getLogger(ApiKeys.class);

  /** Owners go into a Temporal search attribute and visibility queries, so they stay plain. */
  public static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private final Map<String, Caller> byHash;

  ApiKeys(AuthConfig config) {
    this.byHash = parse(config.apiKeyHashes().orElse(List.of()));
    // Without keys or OIDC, AnonymousAccessWarning warns that authentication is off.
    if (!byHash.isEmpty()) {
      LOG.infof("API-key authentication on: %d keys", byHash.size());
    }
  }

  /** Parses {@code sha256hex:owner:role} entries; a malformed entry is refused, naming its position. */
  static Map<String, Caller> parse(List<String> entries) {
    Map<String, Caller> byHash = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).trim();
      if (entry.isEmpty()) {
        continue;
      }
      String[] parts = entry.split(":", -1);
      String where = "PRETRAIN_AUTH_API_KEY_HASHES entry " + (i + 1);
      if (parts.length != 3) {
        throw new IllegalArgumentException(where + " must be sha256hex:owner:role");
      }
      String hash = parts[0].toLowerCase(Locale.ROOT);
      if (!SHA256_HEX.matcher(hash).matches()) {
        throw new IllegalArgumentException(where + ": the first part must be the key's sha256 as 64 hex digits");
      }
      if (!OWNER.matcher(parts[1]).matches()) {
        throw new IllegalArgumentException(where + ": the owner must match " + OWNER.pattern());
      }
      Role role;
      try {
        role = Role.valueOf(parts[2].trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": the role must be viewer, submitter or admin");
      }
      byHash.put(hash, new Caller(parts[1], role));
    }
    return byHash;
  }

  public boolean enabled() {
    return !byHash.isEmpty();
  }

  /** The caller a presented key belongs to; every configured hash is compared in constant time. */
  public Optional<Caller> authenticate(String presentedKey) {
    byte[] presented = Sha256.of(presentedKey).getBytes(StandardCharsets.US_ASCII);
    Caller found = null;
    for (Map.Entry<String, Caller> entry : byHash.entrySet()) {
      if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.US_ASCII))) {
        found = entry.getValue();
      }
    }
    return Optional.ofNullable(found);
  }
}
