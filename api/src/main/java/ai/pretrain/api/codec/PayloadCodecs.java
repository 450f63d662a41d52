package ai.pretrain.api.codec;

import ai.pretrain.codec.CodecKeys;
import ai.pretrain.codec.PayloadEncryption;
import io.quarkus.runtime.Startup;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The API's payload encryption, read once at startup so a bad key stops the API with a message naming the variable;
 * the Temporal client and the codec endpoint share it.
 */
@Startup
@Singleton
public class PayloadCodecs {

  private static final Logger LOG = Logger.getLogger(PayloadCodecs.class);

  private final Optional<PayloadEncryption> encryption;

  PayloadCodecs(CodecConfig config) {
    Optional<CodecKeys> keys = CodecKeys.of(config.key().orElse(null), config.keyId().orElse(null),
        config.previousKeys().orElse(null));
    this.encryption = keys.map(PayloadEncryption::new);
    keys.ifPresentOrElse(
        k -> LOG.infof("Temporal payloads encrypted with key %s; decrypting with %s", k.currentId(), k.ids()),
        () -> LOG.warn("no " + CodecKeys.KEY_VARIABLE + ": Temporal payloads (specs, results) are stored in plain text"));
  }

  /** The encrypting converter when a key is configured, Temporal's default otherwise. */
  public DataConverter dataConverter() {
    return encryption.map(PayloadEncryption::dataConverter).orElseGet(DefaultDataConverter::newDefaultInstance);
  }

  /** The codec, when a key is configured. */
  public Optional<PayloadEncryption> encryption() {
    return encryption;
  }
}
