package ai.pretrain.api.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.api.e2e.WorkerProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Temporal dev server is stopped and started again (its state in a persistent {@code --db-filename}) while a run is
 * pretraining; the worker and the API's client reconnect by themselves and the run completes.
 */
@QuarkusTest
class TemporalRestartTest {

  @BeforeAll
  static void requireServers() {
    TemporalDevServer.require();
    FaultRuns.requireMinio();
  }

  @Test
  void aRunSurvivesARestartOfTheTemporalServer() throws Exception {
    long seed = System.nanoTime() % 1_000_000;
    String spec = "name: fault-temporal-restart\nseed: " + seed + "\ndataset: {name: mnist}\n"
        + "pretrain: {hiddenUnits: [64], latentUnits: 16, epochs: 6}\n"
        + "fineTune: {epochs: 3}\n";
    try (WorkerProcess worker = WorkerProcess.start(Path.of("target", "fault-temporal-worker.log"))) {
      String runId = FaultRuns.submit(spec);
      FaultRuns.await(runId, r -> "RUNNING".equals(r.getString("stages.find { it.stage == 'pretrain' }.state")), 180);
      try {
        Services.run("restart-temporal");
      } finally {
        Services.ensureRunning();
      }
      JsonPath run = FaultRuns.await(runId, FaultRuns::ended, 420);
      assertEquals("COMPLETED", run.getString("status"), run.prettify());
      for (String stage : List.of("prepareData", "pretrain", "adapt", "fineTune", "evaluate")) {
        assertEquals("COMPLETED", run.getString("stages.find { it.stage == '" + stage + "' }.state"), run.prettify());
      }
    } finally {
      Services.ensureRunning();
    }
  }
}
