package ai.pretrain.api.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The local Temporal dev server and MinIO, stopped and started through {@code scripts/services.sh} as a fault. */
final class Services {

  private static final Path SCRIPT = Path.of("..", "scripts", "services.sh").toAbsolutePath().normalize();

  private Services() {}

  /** Runs {@code scripts/services.sh <command>} (e.g. {@code restart-temporal}) and fails if it does. */
  static void run(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(SCRIPT.toString(), command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "fault-services.log").toFile()))
        .start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("scripts/services.sh " + command + " did not finish within 180 s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("scripts/services.sh " + command + " exited with " + process.exitValue()
          + "; see target/fault-services.log");
    }
  }

  /** Both servers up again, whatever the test did to them; what a finally block calls. */
  static void ensureRunning() throws IOException, InterruptedException {
    run("start-temporal");
    run("start-minio");
  }
}
