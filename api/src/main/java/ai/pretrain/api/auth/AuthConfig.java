package ai.pretrain.api.auth;

import java.util.List;
import java.util.Optional;
import io.smallrye.config.ConfigMapping;

/** API keys, configured as hashes only: {@code PRETRAIN_AUTH_API_KEY_HASHES=sha256hex:owner:role,...}. */
@ConfigMapping(prefix = "pretrain.auth")
public interface AuthConfig {

  /** Entries {@code <sha256 of the key, hex>:<owner>:<viewer|submitter|admin>}; none configured turns auth off. */
  Optional<List<String>> apiKeyHashes();
}
