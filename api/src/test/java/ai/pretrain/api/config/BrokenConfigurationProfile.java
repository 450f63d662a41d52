package ai.pretrain.api.config;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** An API deployed with four configuration mistakes at once; its log goes to a file the test reads. */
public class BrokenConfigurationProfile implements QuarkusTestProfile {

  /** Per test JVM, so an earlier run's log never counts. */
  public static final String LOG_FILE = "target/broken-configuration-" + ProcessHandle.current().pid() + ".log";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "pretrain.store.uri", "s3://Pretrain_Artifacts/runs",
        "pretrain.store.s3-endpoint", "minio:9000",
        "pretrain.store.s3-access-key", "",
        "pretrain.temporal.address", "temporal-frontend:72330",
        "quarkus.log.file.enabled", "true",
        "quarkus.log.file.path", LOG_FILE);
  }
}
