package ai.pretrain.api.codec;

import ai.pretrain.api.ApiKeysProfile;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** API keys on, payloads encrypted with a test key, and the Temporal UI's origin allowed to call the codec. */
public class CodecProfile extends ApiKeysProfile {

  public static final String KEY = Base64.getEncoder().encodeToString(
      "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  public static final String KEY_ID = "test-2025";
  public static final String UI_ORIGIN = "http://127.0.0.1:8233";

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("pretrain.codec.key", KEY);
    config.put("pretrain.codec.key-id", KEY_ID);
    config.put("pretrain.codec.cors-origins", UI_ORIGIN);
    return config;
  }
}
