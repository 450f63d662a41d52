package ai.pretrain.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadEncryptionTest {

  @Test
  void aPayloadRoundTripsEncryptedAndItsTextIsNotInThePayload() {
    CodecKeys keys = CodecKeys.of(newKey(), "k1", null).orElseThrow();
    DataConverter converter = new PayloadEncryption(keys).dataConverter();
    Map<String, String> spec = Map.of("name", "secret-recipe", "dataset", "mnist");

    Payload payload = converter.toPayload(spec).orElseThrow();

    assertEquals(PayloadEncryption.ENCODING, payload.getMetadataOrThrow("encoding").toStringUtf8());
    assertEquals("k1", payload.getMetadataOrThrow(PayloadEncryption.KEY_ID).toStringUtf8());
    assertFalse(payload.getData().toStringUtf8().contains("secret-recipe"));
    assertEquals(spec, converter.fromPayload(payload, Map.class, Map.class));
  }

  @Test
  void theSamePayloadEncryptsDifferentlyEachTime() {
    PayloadEncryption codec = new PayloadEncryption(CodecKeys.of(newKey(), null, null).orElseThrow());
    Payload plain = plain("same");
    assertNotEquals(codec.encode(List.of(plain)).get(0).getData(), codec.encode(List.of(plain)).get(0).getData());
  }

  @Test
  void afterRotationOldPayloadsStillDecryptAndNewOnesUseTheNewKey() {
    String oldKey = newKey();
    PayloadEncryption before = new PayloadEncryption(CodecKeys.of(oldKey, "2024", null).orElseThrow());
    Payload old = before.encode(List.of(plain("from before"))).get(0);

    PayloadEncryption after = new PayloadEncryption(CodecKeys.of(newKey(), "2025", "2024=" + oldKey).orElseThrow());

    assertEquals(plain("from before"), after.decode(List.of(old)).get(0));
    Payload fresh = after.encode(List.of(plain("new"))).get(0);
    assertEquals("2025", fresh.getMetadataOrThrow(PayloadEncryption.KEY_ID).toStringUtf8());
    PayloadCodecException unknown = assertThrows(PayloadCodecException.class, () -> before.decode(List.of(fresh)));
    assertTrue(unknown.getMessage().contains("'2025'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains(CodecKeys.PREVIOUS_KEYS_VARIABLE), unknown.getMessage());
  }

  @Test
  void withoutAnIdKeysAreNamedByTheirHashAndUnnamedPreviousKeysWork() {
    String oldKey = newKey();
    PayloadEncryption before = new PayloadEncryption(CodecKeys.of(oldKey, null, null).orElseThrow());
    Payload old = before.encode(List.of(plain("x"))).get(0);
    CodecKeys rotated = CodecKeys.of(newKey(), null, oldKey).orElseThrow();
    assertEquals(2, rotated.ids().size());
    assertTrue(rotated.ids().get(0).matches("[0-9a-f]{8}"));
    assertEquals(plain("x"), new PayloadEncryption(rotated).decode(List.of(old)).get(0));
  }

  @Test
  void anAlteredPayloadOrTheWrongKeyUnderTheSameIdIsRefused() {
    PayloadEncryption codec = new PayloadEncryption(CodecKeys.of(newKey(), "k", null).orElseThrow());
    Payload sealed = codec.encode(List.of(plain("data"))).get(0);
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload altered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();
    assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(altered)));

    PayloadEncryption impostor = new PayloadEncryption(CodecKeys.of(newKey(), "k", null).orElseThrow());
    assertThrows(PayloadCodecException.class, () -> impostor.decode(List.of(sealed)));
  }

  @Test
  void plainPayloadsPassThroughDecoding() {
    PayloadEncryption codec = new PayloadEncryption(CodecKeys.of(newKey(), null, null).orElseThrow());
    assertEquals(plain("legacy"), codec.decode(List.of(plain("legacy"))).get(0));
  }

  @Test
  void noKeyMeansPlainPayloads() {
    assertEquals(Optional.empty(), CodecKeys.fromEnvironment(Map.of()));
    assertEquals(Optional.empty(), CodecKeys.of(" ", null, null));
    Payload payload = PayloadEncryption.dataConverter(Optional.empty()).toPayload("hello").orElseThrow();
    assertEquals("json/plain", payload.getMetadataOrThrow("encoding").toStringUtf8());
  }

  @Test
  void badKeySettingsNameTheVariableAndTheFix() {
    IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
        () -> CodecKeys.of("not base64!", null, null));
    assertTrue(notBase64.getMessage().startsWith(CodecKeys.KEY_VARIABLE), notBase64.getMessage());
    assertTrue(notBase64.getMessage().contains("openssl rand -base64 32"), notBase64.getMessage());

    String short16 = Base64.getEncoder().encodeToString(new byte[16]);
    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> CodecKeys.of(short16, null, null));
    assertTrue(tooShort.getMessage().contains("32 bytes") && tooShort.getMessage().contains("got 16"),
        tooShort.getMessage());

    IllegalArgumentException badPrevious = assertThrows(IllegalArgumentException.class,
        () -> CodecKeys.of(newKey(), null, newKey() + ",old=" + short16));
    assertTrue(badPrevious.getMessage().startsWith(CodecKeys.PREVIOUS_KEYS_VARIABLE + " entry 2"),
        badPrevious.getMessage());

    IllegalArgumentException onlyPrevious = assertThrows(IllegalArgumentException.class,
        () -> CodecKeys.of(null, null, newKey()));
    assertTrue(onlyPrevious.getMessage().contains(CodecKeys.KEY_VARIABLE + " is not"), onlyPrevious.getMessage());

    assertThrows(IllegalArgumentException.class, () -> CodecKeys.of(newKey(), "bad id!", null));
    assertThrows(IllegalArgumentException.class, () -> CodecKeys.of(newKey(), "same", "same=" + newKey()));
  }

  private static Payload plain(String text) {
    return DefaultDataConverter.newDefaultInstance().toPayload(text).orElseThrow();
  }

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
