package ai.pretrain.api.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Schemathesis CLI (PyPI, installed by {@code scripts/install-schemathesis.sh}) against the test API's
 * OpenAPI document with every check, a fixed seed and a bounded number of examples, so a run is repeatable and takes
 * well under the wall-clock bound.
 */
final class Schemathesis {

  /** Seconds one run may take before it is killed and the test fails. */
  static final long WALL_CLOCK_BOUND_S = 170;

  /** Fixed, so a run is repeatable; {@code -Dschemathesis.seed=...} explores other cases. */
  private static final long SEED = Long.getLong("schemathesis.seed", 20261202);
  private static final int MAX_EXAMPLES = Integer.getInteger("schemathesis.maxExamples", 40);

  private Schemathesis() {}

  /**
   * Fails when the CLI is missing, runs past the bound, or reports any failure; prints its report either way. The
   * run-scoped operations are called with {@code runId}, the registry's with {@code model} (see schemathesis.toml).
   */
  static void assertNoFailures(URL openApi, String runId, String model, List<String> headers)
      throws IOException, InterruptedException {
    Path executable = executable();
    Path config = Path.of("src/test/resources/schemathesis.toml").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(executable.toString(), "--config-file", config.toString(), "run",
        openApi.toString(), "--checks", "all", "--seed", Long.toString(SEED), "--max-examples",
        Integer.toString(MAX_EXAMPLES), "--workers", "1", "--request-timeout", "10", "--no-shrink",
        "--output-truncate", "true"));
    for (String header : headers) {
      command.add("-H");
      command.add(header);
    }
    Path log = Files.createTempFile("schemathesis", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("PRETRAIN_CONTRACT_RUN_ID", runId);
    builder.environment().put("PRETRAIN_CONTRACT_MODEL", model);
    Process process = builder.start();
    boolean finished = process.waitFor(WALL_CLOCK_BOUND_S, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(output);
    assertTrue(finished, "schemathesis ran past " + WALL_CLOCK_BOUND_S + " s; its output is above");
    assertEquals(0, process.exitValue(), "schemathesis found the OpenAPI document and the API disagreeing; its "
        + "report is above (reproduce a case with the curl line it prints)");
  }

  /** The CLI from {@code SCHEMATHESIS} or the default virtual environment; a missing one fails the test. */
  private static Path executable() {
    String configured = System.getenv("SCHEMATHESIS");
    Path path = configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache/pretrain/schemathesis-venv/bin/schemathesis");
    if (!Files.isExecutable(path)) {
      fail("no schemathesis at " + path + ": run scripts/install-schemathesis.sh (scripts/test.sh does), or set "
          + "SCHEMATHESIS to a schemathesis 4.32.5 executable");
    }
    return path;
  }
}
