package ai.pretrain.api.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.TemporalDevServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durability on real parts: a worker process is killed with SIGKILL in the middle of pretraining; Temporal notices the
 * lost heartbeat and retries the activity on a new worker process, which resumes from the last checkpoint. The result
 * must equal, bit for bit, that of the same spec run without interruption (in a separate store prefix, so the stage
 * cache cannot answer for it), and the killed worker's log up to shortly before the kill stays readable.
 */
@QuarkusTest
class ResumeAfterWorkerKillTest {

  /**
   * Enough epochs that the kill lands mid-training on a fast machine. The retry resumes from the checkpoint named by
   * the last heartbeat Temporal received, so the kill waits until the run shows one; after its first heartbeat the SDK
   * sends at most one per 24 s (0.8 x the stage's 30 s heartbeat timeout), so training must outlast that. An epoch of
   * this spec takes about 0.45 s here (16,000-22,000 samples/s): 54 s of training.
   */
  private static final int PRETRAIN_EPOCHS = 120;

  @Inject WorkflowClient client;

  @BeforeAll
  static void requireServers() {
    TemporalDevServer.require();
  }

  @Test
  void killedWorkerIsReplacedAndTheRunEndsExactlyAsAnUninterruptedOne() throws Exception {
    long seed = System.nanoTime() % 1_000_000;
    String spec = "name: %s\nseed: " + seed + "\ndataset: {name: mnist}\n"
        + "pretrain: {hiddenUnits: [128], latentUnits: 32, epochs: " + PRETRAIN_EPOCHS + ", batchSize: 64}\n"
        + "adapt: {dropout: 0.2}\n"
        + "fineTune: {epochs: 12, batchSize: 8, patience: 20}\n";
    String prefix = System.getenv("PRETRAIN_STORE_URI") + "/resume-test-" + seed;
    Map<String, String> everyEpoch = Map.of("WORKER_CHECKPOINT_INTERVAL_SECONDS", "0");

    JsonPath reference;
    try (WorkerProcess worker = WorkerProcess.start(Path.of("target", "resume-reference-worker.log"),
        with(everyEpoch, "PRETRAIN_STORE_URI", prefix + "/reference"))) {
      reference = awaitRun(submit(spec.formatted("resume-reference")), r -> !running(r), 300);
    }
    assertEquals("COMPLETED", reference.getString("status"), reference.prettify());

    // The interrupted run uses the API's own store, so its logs can be read through the API.
    Map<String, String> interruptedStore = everyEpoch;
    String runId;
    try (WorkerProcess doomed =
        WorkerProcess.start(Path.of("target", "resume-killed-worker.log"), interruptedStore)) {
      runId = submit(spec.formatted("resume-interrupted"));
      awaitRun(runId, r -> r.getInt("stages.find { it.stage == 'pretrain' }.live.checkpointEpoch") >= 5, 300);
      doomed.kill();
    }
    String logAfterKill = given().when().get("/api/v1/runs/" + runId + "/stages/pretrain/logs")
        .then().statusCode(200).extract().asString();
    assertTrue(logAfterKill.contains("attempt 1") && logAfterKill.contains("epoch 2/" + PRETRAIN_EPOCHS + " done"),
        "the killed worker's log, up to shortly before the kill, is kept: " + logAfterKill);
    JsonPath resumed;
    try (WorkerProcess replacement =
        WorkerProcess.start(Path.of("target", "resume-replacement-worker.log"), interruptedStore)) {
      resumed = awaitRun(runId, r -> !running(r), 300);
    }
    assertEquals("COMPLETED", resumed.getString("status"), resumed.prettify());
    String fullLog = given().when().get("/api/v1/runs/" + runId + "/stages/pretrain/logs?follow=true")
        .then().statusCode(200).extract().asString();
    assertTrue(fullLog.startsWith(logAfterKill.substring(0, logAfterKill.indexOf('\n') + 1)), fullLog);
    assertTrue(fullLog.contains("attempt 2") && fullLog.contains("completed"), "the resumed attempt's log follows: "
        + fullLog);
    String secondAttempt = fullLog.substring(fullLog.indexOf("attempt 2"));
    Matcher resumedAt = Pattern.compile("resuming from the previous attempt's checkpoint after epoch (\\d+)")
        .matcher(secondAttempt);
    assertTrue(resumedAt.find() && Integer.parseInt(resumedAt.group(1)) >= 5
        && !secondAttempt.contains("epoch 1/" + PRETRAIN_EPOCHS + " done"), "attempt 2 resumed: " + secondAttempt);

    for (String stage : List.of("pretrain", "fineTune")) {
      assertEquals(metric(reference, stage, "trainLoss"), metric(resumed, stage, "trainLoss"), stage + " train loss");
      assertEquals(sha256(reference, stage), sha256(resumed, stage), stage + " model after resume");
    }
    Map<String, Integer> attempts = lastAttemptPerActivity(runId);
    assertEquals(2, attempts.get("Pretrain"), "pretrain ran twice: killed, then resumed: " + attempts);
    attempts.forEach((activity, attempt) -> {
      if (!activity.equals("Pretrain")) {
        assertEquals(1, attempt, activity + " re-executed: " + attempts);
      }
    });
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> env = new HashMap<>(base);
    env.put(key, value);
    return env;
  }

  private static String submit(String spec) {
    return given().contentType("application/yaml").body(spec.getBytes())
        .when().post("/api/v1/runs")
        .then().statusCode(202)
        .extract().path("runId");
  }

  private static boolean running(JsonPath run) {
    return "RUNNING".equals(run.getString("status"));
  }

  private static JsonPath awaitRun(String runId, Predicate<JsonPath> condition, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    JsonPath run = null;
    while (System.currentTimeMillis() < deadline) {
      run = given().when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
      try {
        if (condition.test(run)) {
          return run;
        }
      } catch (RuntimeException notYetThere) {
        // the awaited field is not in the response yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("timed out after " + seconds + " s waiting on " + runId + ": "
        + (run == null ? "no response" : run.prettify()));
  }

  private static double metric(JsonPath run, String stage, String metric) {
    return run.getDouble("stages.find { it.stage == '" + stage + "' }.metrics." + metric);
  }

  private static String sha256(JsonPath run, String stage) {
    String artifact = stage.equals("pretrain") ? "encoder" : "model";
    return run.getString("stages.find { it.stage == '" + stage + "' }.artifacts." + artifact + ".sha256");
  }

  /** The highest attempt number each activity type started with, read from the run's Temporal history. */
  private Map<String, Integer> lastAttemptPerActivity(String runId) {
    Map<Long, String> typeByScheduledId = new HashMap<>();
    Map<String, Integer> attempts = new HashMap<>();
    for (HistoryEvent event : client.fetchHistory(runId).getHistory().getEventsList()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        typeByScheduledId.put(event.getEventId(),
            event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        var started = event.getActivityTaskStartedEventAttributes();
        attempts.merge(typeByScheduledId.get(started.getScheduledEventId()), started.getAttempt(), Math::max);
      }
    }
    return attempts;
  }
}
