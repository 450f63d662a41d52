package ai.pretrain.api.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.api.TemporalDevServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The artifact list of a real run (the wine example with two baselines, trained by a real worker process against the
 * real Temporal dev server and MinIO) against the run's own history: every artifact URI any of its activities
 * returned is listed, the baselines' models included, and the evaluate stage's cache key is its own.
 */
@QuarkusTest
class RunArtifactsEndToEndTest {

  private static final Path WINE_SPEC = Path.of("..", "examples", "wine-tabular.yaml");
  private static final long RUN_TIMEOUT_MILLIS = 10 * 60 * 1000L;
  private static WorkerProcess worker;

  @Inject WorkflowClient client;

  @BeforeAll
  static void startWorker() throws Exception {
    TemporalDevServer.require();
    String store = System.getenv("PRETRAIN_STORE_URI");
    if (store == null || !store.startsWith("s3://")) {
      fail("PRETRAIN_STORE_URI is not the MinIO that `scripts/services.sh start` runs; source its services.env");
    }
    worker = WorkerProcess.start(Path.of("target", "run-artifacts-worker.log"));
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null) {
      worker.close();
    }
  }

  @Test
  void listsEveryArtifactTheHistoryNamesWithTheEvaluateStagesOwnCacheKey() throws Exception {
    String spec = Files.readString(WINE_SPEC)
        .replace("name: wine-tabular", "name: wine-artifacts-" + UUID.randomUUID().toString().substring(0, 8));
    String runId = given().contentType("application/yaml").body(spec.getBytes(StandardCharsets.UTF_8))
        .when().post("/api/v1/runs").then().statusCode(202).extract().path("runId");
    awaitCompletion(runId);

    JsonPath listed = given().when().get("/api/v1/runs/" + runId + "/artifacts")
        .then().statusCode(200).extract().jsonPath();
    Set<String> listedUris = new TreeSet<>(listed.getList("artifacts.uri", String.class));
    Set<String> inHistory = artifactUrisInHistory(runId);
    Set<String> missing = new TreeSet<>(inHistory);
    missing.removeAll(listedUris);
    assertTrue(missing.isEmpty(), "the history names " + missing.size() + " artifacts the list leaves out: " + missing);

    List<String> stages = listed.getList("artifacts.stage", String.class);
    for (String baseline : List.of("adapt.scratch", "fineTune.scratch", "adapt.linear-probe",
        "fineTune.linear-probe")) {
      assertTrue(stages.contains(baseline), baseline + " missing from " + new TreeSet<>(stages));
    }
    String evaluateKey = listed.getString("artifacts.find { it.stage == 'evaluate' && it.name == 'cache-key' }.uri");
    assertTrue(evaluateKey.contains("/stages/evaluate/") && evaluateKey.endsWith("/key.json"), evaluateKey);
    String reportKey =
        listed.getString("artifacts.find { it.stage == 'evaluate' && it.name == 'report-cache-key' }.uri");
    assertTrue(reportKey.contains("/stages/report/"), reportKey);

    // each baseline's model downloads through the same path as the run's stages
    String download = listed.getString("artifacts.find { it.stage == 'fineTune.scratch' && it.name != 'cache-key' }"
        + ".download");
    given().when().get(download).then().statusCode(200);
    System.out.printf("run %s: %d artifacts listed, %d artifact URIs in its history%n", runId, listedUris.size(),
        inHistory.size());
  }

  private void awaitCompletion(String runId) throws InterruptedException {
    long started = System.currentTimeMillis();
    JsonPath run;
    do {
      Thread.sleep(1000);
      run = given().when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
      if (System.currentTimeMillis() - started > RUN_TIMEOUT_MILLIS) {
        fail("the wine run did not finish within 10 minutes: " + run.prettify());
      }
    } while ("RUNNING".equals(run.getString("status")));
    assertEquals("COMPLETED", run.getString("status"), run.prettify());
  }

  /** Every {@code uri} of an artifact reference in the results of the run's activities. */
  private Set<String> artifactUrisInHistory(String runId) {
    DataConverter converter = client.getOptions().getDataConverter();
    Set<String> uris = new TreeSet<>();
    Map<Long, String> activityTypes = new HashMap<>();
    for (HistoryEvent event : client.fetchHistory(runId).getHistory().getEventsList()) {
      if (event.hasActivityTaskScheduledEventAttributes()) {
        activityTypes.put(event.getEventId(),
            event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      }
      if (event.hasActivityTaskCompletedEventAttributes()) {
        for (Payload payload : event.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList()) {
          collectArtifactUris(converter.fromPayload(payload, JsonNode.class, JsonNode.class), uris);
        }
      }
    }
    assertTrue(activityTypes.containsValue("FineTune"), "no fine-tune in the history: " + activityTypes.values());
    return uris;
  }

  private static void collectArtifactUris(JsonNode node, Set<String> uris) {
    if (node.isObject() && node.path("uri").isTextual() && node.has("sha256")) {
      uris.add(node.get("uri").asText());
    }
    node.elements().forEachRemaining(child -> collectArtifactUris(child, uris));
  }
}
