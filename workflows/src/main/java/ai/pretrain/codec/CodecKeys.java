package ai.pretrain.codec;

import ai.pretrain.artifact.Sha256;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The payload encryption keys: the current one, which encrypts, and earlier ones kept to decrypt older histories.
 * Each key has an id recorded in the payloads it encrypted; unless configured, the id is the first 8 hex digits of
 * the key's sha256, so two different keys never share an id by accident and the id reveals nothing usable.
 */
public final class CodecKeys {

  public static final String KEY_VARIABLE = "PRETRAIN_CODEC_KEY";
  public static final String KEY_ID_VARIABLE = "PRETRAIN_CODEC_KEY_ID";
  public static final String PREVIOUS_KEYS_VARIABLE = "PRETRAIN_CODEC_PREVIOUS_KEYS";

  private static final int KEY_BYTES = 32;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String MAKE_ONE = "make one with `openssl rand -base64 32`";

  private final String currentId;
  private final Map<String, byte[]> byId;

  private CodecKeys(String currentId, Map<String, byte[]> byId) {
    this.currentId = currentId;
    this.byId = byId;
  }

  /**
   * Keys from the three settings; empty when {@code key} is unset or blank (payloads stay plain). A malformed setting
   * is refused with a message naming the variable and how to fix it.
   *
   * @param key base64 of 32 random bytes ({@value #KEY_VARIABLE})
   * @param keyId optional id of that key ({@value #KEY_ID_VARIABLE})
   * @param previousKeys optional comma-separated {@code [id=]base64} keys that only decrypt ({@value
   *     #PREVIOUS_KEYS_VARIABLE})
   */
  public static Optional<CodecKeys> of(String key, String keyId, String previousKeys) {
    if (key == null || key.isBlank()) {
      if (previousKeys != null && !previousKeys.isBlank()) {
        throw new IllegalArgumentException(PREVIOUS_KEYS_VARIABLE + " is set but " + KEY_VARIABLE + " is not: set "
            + KEY_VARIABLE + " to the key new payloads are encrypted with (" + MAKE_ONE + ")");
      }
      return Optional.empty();
    }
    byte[] current = decode(key.trim(), KEY_VARIABLE);
    String id = keyId == null || keyId.isBlank() ? defaultId(current) : checkedId(keyId.trim(), KEY_ID_VARIABLE);
    Map<String, byte[]> byId = new LinkedHashMap<>();
    byId.put(id, current);
    if (previousKeys != null) {
      List<String> entries = List.of(previousKeys.split(","));
      for (int i = 0; i < entries.size(); i++) {
        String entry = entries.get(i).trim();
        if (entry.isEmpty()) {
          continue;
        }
        String where = PREVIOUS_KEYS_VARIABLE + " entry " + (i + 1);
        int equals = entry.indexOf('=');
        // Base64 may end in '=' padding, so an id is only what precedes an '=' that is followed by more text.
        boolean named = equals > 0 && equals < entry.length() - 1 && ID.matcher(entry.substring(0, equals)).matches();
        byte[] previous = decode(named ? entry.substring(equals + 1) : entry, where);
        String previousId = named ? entry.substring(0, equals) : defaultId(previous);
        if (byId.containsKey(previousId)) {
          if (!MessageDigest.isEqual(byId.get(previousId), previous)) {
            throw new IllegalArgumentException(where + ": the id '" + previousId + "' is already used by another key; "
                + "give each key its own id");
          }
          continue;
        }
        byId.put(previousId, previous);
      }
    }
    return Optional.of(new CodecKeys(id, byId));
  }

  /** Keys from environment variables of these names. */
  public static Optional<CodecKeys> fromEnvironment(Map<String, String> env) {
    return of(env.get(KEY_VARIABLE), env.get(KEY_ID_VARIABLE), env.get(PREVIOUS_KEYS_VARIABLE));
  }

  public String currentId() {
    return currentId;
  }

  byte[] current() {
    return byId.get(currentId);
  }

  Optional<byte[]> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The ids of every configured key, the current one first. */
  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  private static byte[] decode(String base64, String where) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " is not base64 (" + e.getMessage() + "); " + MAKE_ONE);
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(where + " must be base64 of " + KEY_BYTES + " bytes (an AES-256 key), got "
          + bytes.length + " bytes; " + MAKE_ONE);
    }
    return bytes;
  }

  private static String checkedId(String id, String where) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(where + " must match " + ID.pattern() + ", got '" + id + "'");
    }
    return id;
  }

  private static String defaultId(byte[] key) {
    return HexFormat.of().formatHex(Sha256.digest(key), 0, 4);
  }

  @Override
  public String toString() {
    return "CodecKeys" + ids();
  }
}
