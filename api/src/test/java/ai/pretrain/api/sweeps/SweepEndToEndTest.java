package ai.pretrain.api.sweeps;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.pipeline.TaskQueues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sweep on real parts: the pipeline's sweep runs on two real worker processes (one training slot each), so its
 * trials spread over both; one worker is killed with SIGKILL mid-sweep, and the sweep still ends with every trial's
 * result, the killed worker's rung retried on the survivor.
 *
 * <p>Like the other end-to-end tests it assumes it has the dev server's task queues to itself: a worker of another
 * build polling {@code pretrain-cpu}/{@code pretrain-gpu} at the same time would take some of its tasks.
 */
@QuarkusTest
class SweepEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject WorkflowClient client;

  @BeforeAll
  static void requireServers() {
    TemporalDevServer.require();
  }

  @Test
  void trialsSpreadOverTwoWorkersAndKillingOneLosesNoTrial() throws Exception {
    long seed = System.nanoTime() % 1_000_000;
    String spec = "name: sweep-e2e\nseed: " + seed + "\ndataset: {name: mnist}\n"
        + "prep: {labeledFraction: 0.1}\n"
        + "pretrain: {hiddenUnits: [64], latentUnits: 16, epochs: 1, batchSize: 128}\n"
        + "fineTune: {batchSize: 8, patience: 50}\n"
        + "evaluate: {baselines: [scratch]}\n"
        + "sweep:\n  method: grid\n  scheduler: asha\n  minEpochs: 4\n  maxEpochs: 16\n  reductionFactor: 2\n"
        + "  parallelism: 2\n  parameters:\n"
        + "    fineTune.learningRate: [0.0003, 0.001, 0.003, 0.01]\n"
        // a head with a hidden layer has other weight shapes: the pipeline must evaluate the head the sweep chose
        + "    adapt.headHiddenUnits: [0, 16]\n";
    Map<String, String> env = Map.of("PRETRAIN_STORE_URI", System.getenv("PRETRAIN_STORE_URI") + "/sweep-e2e-" + seed,
        "WORKER_TRAINING_SLOTS", "1");
    Object doomed = start("sweep-e2e-worker-a.log", env);
    // closing a killed worker does nothing; one left running by a failure here would take the next test's tasks
    try (AutoCloseable unlessKilled = (AutoCloseable) doomed;
        AutoCloseable survivor = (AutoCloseable) start("sweep-e2e-worker-b.log", env)) {
      String runId = given().contentType("application/yaml").body(spec.getBytes())
          .when().post("/api/v1/runs").then().statusCode(202).extract().path("runId");
      String sweepId = runId + "-sweep";

      // Both workers have trained a rung, and more rungs are in flight: kill one of them now.
      await(sweepId, board -> board.getList("findAll { it.rungs.size() >= 1 }").size() >= 2
          && board.getList("findAll { it.state == 'RUNNING' }").size() >= 1, 600);
      kill(doomed);

      JsonPath run = awaitRun(runId, 600);
      assertEquals("COMPLETED", run.getString("status"), run.prettify());
      JsonPath board = given().when().get("/api/v1/sweeps/" + sweepId + "/leaderboard").then().statusCode(200)
          .extract().jsonPath();
      assertEquals(8, board.getList("$").size(), board.prettify());
      assertEquals(4, board.getList("findAll { it.parameters['adapt.headHiddenUnits'] == 16.0 }").size(),
          board.prettify());
      assertFalse(board.getList("state").contains("FAILED"), board.prettify());
      assertFalse(board.getList("state").contains("RUNNING"), board.prettify());
      assertTrue(board.getList("findAll { it.rungs.size() == 0 }").isEmpty(), "a trial lost its result: "
          + board.prettify());
      // Rungs of 4, 8 and 16 epochs, eta 2: at least the best of the trials that reached 8 epochs trains to 16.
      assertFalse(board.getList("findAll { it.state == 'COMPLETED' && it.epochs == 16 }").isEmpty(), board.prettify());
      assertPromotedTrialsResume(sweepId, board);
      assertEquals(2, trainingWorkers(sweepId).size(), "rungs trained on both workers");
    }
  }

  /**
   * Every rung after a trial's first goes on from the training state its previous rung handed on, with the schedule
   * of the whole 16-epoch trial, and trains only the epochs it adds: together they are the leaderboard's epochs.
   */
  private void assertPromotedTrialsResume(String sweepId, JsonPath board) throws Exception {
    int promoted = 0;
    int trained = 0;
    for (HistoryEvent event : histories(sweepId).stream().flatMap(List::stream).toList()) {
      var scheduled = event.getActivityTaskScheduledEventAttributes();
      if (event.getEventType() != EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          || !scheduled.getActivityType().getName().equals("FineTuneRung")) {
        continue;
      }
      var input = scheduled.getInput().getPayloadsList();
      JsonNode fineTune = JSON.readTree(input.get(3).getData().toStringUtf8());
      int untilEpoch = JSON.readTree(input.get(4).getData().toStringUtf8()).asInt();
      JsonNode start = JSON.readTree(input.get(6).getData().toStringUtf8());
      assertEquals(16, fineTune.get("epochs").asInt(), "a rung's schedule spans the whole trial: " + fineTune);
      boolean resumes = start.get("artifacts").has("training-state");
      int from = resumes ? start.get("metrics").get("epochs").asInt() : 0;
      assertEquals(untilEpoch > 4, resumes, "rung to epoch " + untilEpoch + " from " + start);
      promoted += resumes ? 1 : 0;
      trained += untilEpoch - from;
    }
    assertTrue(promoted > 0, "no trial was promoted");
    assertEquals(board.getList("epochs", Integer.class).stream().mapToInt(Integer::intValue).sum(), trained,
        board.prettify());
  }

  /** The events of each history of the sweep, the continue-as-new chain from the latest back. */
  private List<List<HistoryEvent>> histories(String sweepId) {
    List<List<HistoryEvent>> histories = new java.util.ArrayList<>();
    String runId = null;
    do {
      List<HistoryEvent> events = client.fetchHistory(sweepId, runId).getHistory().getEventsList();
      histories.add(events);
      runId = events.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
    } while (!runId.isEmpty());
    return histories;
  }

  /** Identities of the workers that trained the trials' rungs: the sweep's training activities, in every history. */
  private Set<String> trainingWorkers(String sweepId) {
    Set<String> identities = new HashSet<>();
    for (List<HistoryEvent> events : histories(sweepId)) {
      Map<Long, String> queues = new HashMap<>();
      for (HistoryEvent event : events) {
        if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
          queues.put(event.getEventId(), event.getActivityTaskScheduledEventAttributes().getTaskQueue().getName());
        } else if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
            && TaskQueues.GPU.equals(queues.get(event.getActivityTaskStartedEventAttributes().getScheduledEventId()))) {
          identities.add(event.getActivityTaskStartedEventAttributes().getIdentity());
        }
      }
    }
    return identities;
  }

  /**
   * The e2e package's WorkerProcess, started the way its own tests start it. It is package-private there, and this
   * test lives with the other sweep tests, hence the reflection.
   */
  private static Object start(String log, Map<String, String> env) throws Exception {
    Method start = Class.forName("ai.pretrain.api.e2e.WorkerProcess").getDeclaredMethod("start", Path.class, Map.class);
    start.setAccessible(true);
    return start.invoke(null, Path.of("target", log), env);
  }

  private static void kill(Object worker) throws Exception {
    Method kill = worker.getClass().getDeclaredMethod("kill");
    kill.setAccessible(true);
    kill.invoke(worker);
  }

  private static JsonPath await(String sweepId, Predicate<JsonPath> condition, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    JsonPath board = null;
    while (System.currentTimeMillis() < deadline) {
      var response = given().when().get("/api/v1/sweeps/" + sweepId + "/leaderboard");
      if (response.statusCode() == 200) {
        board = response.jsonPath();
        if (condition.test(board)) {
          return board;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting on " + sweepId + ": " + (board == null ? "none" : board.prettify()));
  }

  private static JsonPath awaitRun(String runId, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    JsonPath run = null;
    while (System.currentTimeMillis() < deadline) {
      run = given().when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
      if (!"RUNNING".equals(run.getString("status"))) {
        return run;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("timed out after " + seconds + " s waiting on " + runId + ": "
        + (run == null ? "no response" : run.prettify()));
  }
}
