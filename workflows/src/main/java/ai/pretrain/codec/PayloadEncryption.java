package ai.pretrain.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts every Temporal payload with AES-256-GCM, so specs, results and failures are unreadable in Temporal's
 * history and database. Encrypts with the current key and decrypts with any configured one, so keys can rotate;
 * payloads it did not encrypt pass through unchanged.
 */
public final class PayloadEncryption implements PayloadCodec {

  /** The {@code encoding} metadata of an encrypted payload, as Temporal's samples and codec servers name it. */
  public static final String ENCODING = "binary/encrypted";
  /** Metadata naming the key a payload was encrypted with. */
  public static final String KEY_ID = "encryption-key-id";

  static final String METADATA_ENCODING = "encoding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  private final CodecKeys keys;
  private final SecureRandom random = new SecureRandom();

  public PayloadEncryption(CodecKeys keys) {
    this.keys = keys;
  }

  /** The default JSON/proto converter with this codec under it; failure messages and stack traces are encrypted too. */
  public DataConverter dataConverter() {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(this), true);
  }

  /** The converter for these settings: encrypting when a key is configured, the plain default otherwise (dev). */
  public static DataConverter dataConverter(Optional<CodecKeys> keys) {
    return keys.map(k -> new PayloadEncryption(k).dataConverter()).orElseGet(DefaultDataConverter::newDefaultInstance);
  }

  public String currentKeyId() {
    return keys.currentId();
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    List<Payload> encoded = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      encoded.add(encrypt(payload));
    }
    return encoded;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> decoded = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      decoded.add(decrypt(payload));
    }
    return decoded;
  }

  /** Whether this payload carries this codec's encoding. */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY));
  }

  private Payload encrypt(Payload payload) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.current(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(keys.currentId().getBytes(StandardCharsets.UTF_8));
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(e);
    }
    return Payload.newBuilder()
        .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
        .putMetadata(KEY_ID, ByteString.copyFromUtf8(keys.currentId()))
        .setData(ByteString.copyFrom(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()))
        .build();
  }

  private Payload decrypt(Payload payload) {
    if (!isEncrypted(payload)) {
      return payload;
    }
    String keyId = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
    byte[] key = keys.byId(keyId).orElseThrow(() -> new PayloadCodecException(
        "the payload was encrypted with key '" + keyId + "', which is not configured; add it to "
            + CodecKeys.PREVIOUS_KEYS_VARIABLE + " (known keys: " + keys.ids() + ")"));
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("an encrypted payload of " + data.length + " bytes is too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot decrypt a payload with key '" + keyId + "': it was altered or the key "
          + "differs from the one that encrypted it", e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("a decrypted payload is not a Temporal payload", e);
    }
  }
}
