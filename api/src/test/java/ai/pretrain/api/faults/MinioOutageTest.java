package ai.pretrain.api.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.api.e2e.WorkerProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MinIO is stopped for 30 s while a run is pretraining (checkpoints, logs and artifacts are written to it); storage
 * errors are retried, the run completes, and every artifact it recorded is in MinIO with its sha256.
 */
@QuarkusTest
class MinioOutageTest {

  private static final long OUTAGE_MILLIS = 30_000;

  @BeforeAll
  static void requireServers() {
    TemporalDevServer.require();
    FaultRuns.requireMinio();
  }

  @Test
  void aRunSurvivesThirtySecondsWithoutTheArtifactStore() throws Exception {
    long seed = System.nanoTime() % 1_000_000;
    String spec = "name: fault-minio-outage\nseed: " + seed + "\ndataset: {name: mnist}\n"
        + "pretrain: {hiddenUnits: [64], latentUnits: 16, epochs: 6}\n"
        + "fineTune: {epochs: 3}\n";
    try (WorkerProcess worker = WorkerProcess.start(Path.of("target", "fault-minio-worker.log"))) {
      String runId = FaultRuns.submit(spec);
      FaultRuns.await(runId, r -> "RUNNING".equals(r.getString("stages.find { it.stage == 'pretrain' }.state")), 180);
      try {
        Services.run("stop-minio");
        Thread.sleep(OUTAGE_MILLIS);
      } finally {
        Services.run("start-minio");
      }
      JsonPath run = FaultRuns.await(runId, FaultRuns::ended, 420);
      assertEquals("COMPLETED", run.getString("status"), run.prettify());
      int verified = FaultRuns.verifyArtifactsInMinio(run);
      assertTrue(verified >= 10, "expected every stage's artifacts in MinIO, verified " + verified);
    } finally {
      Services.ensureRunning();
    }
  }
}
