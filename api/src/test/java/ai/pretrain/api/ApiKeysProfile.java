package ai.pretrain.api;

import ai.pretrain.artifact.Sha256;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Authentication on, with one key per role; tests send the keys, the API knows only their hashes. */
public class ApiKeysProfile implements QuarkusTestProfile {

  public static final String ALICE = "alice-key-3f9a2c";
  public static final String BOB = "bob-key-77d1e0";
  public static final String VIEWER = "viewer-key-0b5c4d";
  public static final String ADMIN = "admin-key-e81f6a";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("pretrain.auth.api-key-hashes", String.join(",",
        Sha256.of(ALICE) + ":alice:submitter",
        Sha256.of(BOB) + ":bob:submitter",
        Sha256.of(VIEWER) + ":carol:viewer",
        Sha256.of(ADMIN) + ":root:admin"));
  }
}
