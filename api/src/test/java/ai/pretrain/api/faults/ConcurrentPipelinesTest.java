package ai.pretrain.api.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.api.e2e.WorkerProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many small pipelines submitted at once to two worker processes: every one completes, and Temporal holds exactly one
 * execution for each (no run started twice, none lost). All runs share one seed, new for each test run, so they race
 * on the same stage-cache keys: whichever finishes a stage first publishes it, and the rest reuse or rewrite it.
 */
@QuarkusTest
class ConcurrentPipelinesTest {

  private static final int RUNS = 50;

  @Inject WorkflowClient client;

  @BeforeAll
  static void requireServers() {
    TemporalDevServer.require();
    FaultRuns.requireMinio();
  }

  @Test
  void fiftyConcurrentPipelinesOnTwoWorkersEachCompleteExactlyOnce() throws Exception {
    Instant testStart = Instant.now().minus(5, ChronoUnit.SECONDS);
    String prefix = "fc-" + (System.nanoTime() % 1_000_000) + "-";
    long seed = System.nanoTime() % 1_000_000_000L;
    long started = System.currentTimeMillis();
    try (WorkerProcess first = WorkerProcess.start(Path.of("target", "fault-concurrent-worker-1.log"));
        WorkerProcess second = WorkerProcess.start(Path.of("target", "fault-concurrent-worker-2.log"))) {
      ExecutorService submitters = Executors.newFixedThreadPool(10);
      List<Future<String>> submitted = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        String spec = "name: " + prefix + i + "\nseed: " + seed + "\ndataset: {name: mnist}\n"
            + "pretrain: {epochs: 1, maxBatchesPerEpoch: 3, hiddenUnits: [32], latentUnits: 8}\n"
            + "fineTune: {epochs: 2, maxBatchesPerEpoch: 2}\n";
        submitted.add(submitters.submit(() -> FaultRuns.submit(spec)));
      }
      List<String> runIds = new ArrayList<>();
      for (Future<String> runId : submitted) {
        runIds.add(runId.get());
      }
      submitters.shutdown();

      for (String runId : runIds) {
        JsonPath run = FaultRuns.await(runId, FaultRuns::ended, 300);
        assertEquals("COMPLETED", run.getString("status"), run.prettify());
      }
    }

    System.out.printf("%d concurrent pipelines on two workers completed in %d s%n", RUNS,
        (System.currentTimeMillis() - started) / 1000);
    Map<String, Integer> executionsPerId = new HashMap<>();
    String query = "WorkflowType = 'PipelineWorkflow' AND StartTime >= '" + testStart + "'";
    for (WorkflowExecutionMetadata info : client.listExecutions(query).toList()) {
      String workflowId = info.getExecution().getWorkflowId();
      if (workflowId.startsWith("run-" + prefix)) {
        executionsPerId.merge(workflowId, 1, Integer::sum);
      }
    }
    assertEquals(RUNS, executionsPerId.size(), "one workflow per submitted run: " + executionsPerId.keySet());
    executionsPerId.forEach((id, executions) -> assertEquals(1, executions, id + " was started more than once"));
  }
}
