package ai.pretrain.api.codec;

import ai.pretrain.api.auth.Role;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Payload encryption (the same {@code PRETRAIN_CODEC_*} variables as the worker) and the codec endpoint the Temporal
 * UI calls to show encrypted payloads decoded.
 */
@ConfigMapping(prefix = "pretrain.codec")
public interface CodecConfig {

  /** Base64 of the 32-byte AES key that encrypts new payloads; unset keeps payloads plain (development). */
  Optional<String> key();

  /** Id recorded with each payload; the first 8 hex digits of the key's sha256 when unset. */
  Optional<String> keyId();

  /** Earlier keys that only decrypt, comma-separated {@code [id=]base64}. */
  Optional<String> previousKeys();

  /** Origins allowed to call the codec endpoint from a browser: the Temporal UI's, e.g. http://127.0.0.1:8233. */
  Optional<List<String>> corsOrigins();

  /** The least role that may decode (with authentication on); encoding needs the submitter role. */
  @WithDefault("viewer")
  Role decodeRole();
}
