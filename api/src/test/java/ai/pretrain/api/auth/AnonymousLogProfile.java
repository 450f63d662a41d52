package ai.pretrain.api.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Authentication off, as in development; the log goes to a file the test reads. */
public class AnonymousLogProfile implements QuarkusTestProfile {

  /** Per test JVM, so an earlier run's log never counts. */
  public static final String LOG_FILE = "target/anonymous-" + ProcessHandle.current().pid() + ".log";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG_FILE);
  }
}
