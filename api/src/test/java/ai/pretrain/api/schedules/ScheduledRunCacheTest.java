package ai.pretrain.api.schedules;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.pipeline.PipelineWorkflowImpl;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A schedule's runs prepare data as a submitted run does, through the stage cache keyed by the source object's
 * identity: on the real dev server and MinIO, with the real data-prep activity (training answers at once), a second
 * triggered run of an unchanged CSV reuses the prepared data and a run after the object changed prepares it again.
 */
@QuarkusTest
@TestProfile(ScheduledRunProfile.class)
class ScheduledRunCacheTest {

  private static final String BUCKET = "pretrain-artifacts";
  private static final String KEY = "schedule-cache-test-" + UUID.randomUUID().toString().substring(0, 8) + "/t.csv";

  @Inject WorkflowClient client;

  private WorkerFactory workers;
  private Path store;

  @BeforeEach
  void startWorker() throws Exception {
    store = Files.createTempDirectory("schedule-cache-store");
    workers = WorkerFactory.newInstance(client);
    Worker cpu = workers.newWorker(TaskQueues.CPU);
    cpu.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    cpu.registerActivitiesImplementations(new DataPrepActivitiesImpl(new StageRunner(new LocalArtifactStore(store)),
        new DatasetCatalog(store)), new InstantScores());
    workers.newWorker(TaskQueues.GPU).registerActivitiesImplementations(new InstantTraining());
    workers.start();
  }

  @AfterEach
  void stopWorker() {
    workers.shutdownNow();
  }

  @Test
  void anUnchangedSourceIsACacheHitAndAChangedOneAMiss() throws Exception {
    put(table(60));
    String spec = """
        name: scheduled-table
        dataset: {uri: 's3://%s/%s', label: y}
        prep: {validationFraction: 0.2, testFraction: 0.2}
        evaluate: {baselines: []}
        """.formatted(BUCKET, KEY);
    String id = given().contentType(ContentType.JSON)
        .body(Map.of("spec", spec, "cron", "0 3 1 1 *"))
        .when().post("/api/v1/schedules")
        .then().statusCode(201).extract().path("scheduleId");
    try {
      JsonPath first = triggeredRun(id, 1);
      JsonPath unchanged = triggeredRun(id, 2);
      put(table(61));
      JsonPath changed = triggeredRun(id, 3);

      assertEquals(false, prepareData(first).get("cacheHit"));
      assertEquals(true, prepareData(unchanged).get("cacheHit"), "the same object: the prepared data is reused");
      assertEquals(prepareData(first).get("cacheKey"), prepareData(unchanged).get("cacheKey"));
      assertEquals(false, prepareData(changed).get("cacheHit"), "the object changed: data prep runs again");
      assertNotEquals(prepareData(first).get("cacheKey"), prepareData(changed).get("cacheKey"));
    } finally {
      given().when().delete("/api/v1/schedules/" + id);
    }
  }

  /** Triggers the schedule and waits for its {@code n}th run to complete; the run as the API shows it. */
  private JsonPath triggeredRun(String id, int n) throws InterruptedException {
    given().when().post("/api/v1/schedules/" + id + "/trigger").then().statusCode(202);
    for (int i = 0; i < 600; i++) {
      List<String> runs = given().when().get("/api/v1/schedules/" + id).then().statusCode(200).extract()
          .path("recentRuns.runId");
      if (runs.size() >= n) {
        String runId = runs.get(n - 1);
        JsonPath run = given().when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
        String status = run.getString("status");
        if (status.equals("COMPLETED")) {
          return run;
        }
        if (!status.equals("RUNNING")) {
          fail("scheduled run " + runId + " ended " + status + ": " + run.getString("failure"));
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("run " + n + " of schedule " + id + " did not complete within 2 minutes");
  }

  private static Map<String, Object> prepareData(JsonPath run) {
    return run.getMap("stages.find { it.stage == 'prepareData' }");
  }

  /** A table of {@code rows} rows, two features and a binary label. */
  private static String table(int rows) {
    StringBuilder csv = new StringBuilder("a,b,y\n");
    for (int i = 0; i < rows; i++) {
      csv.append(i % 7).append(',').append(i % 5).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
    }
    return csv.toString();
  }

  private static void put(String csv) throws Exception {
    String endpoint = System.getenv("S3_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      fail("this test needs the real MinIO store: run `scripts/services.sh start` and `source .run/services.env`");
    }
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    MinioClient.builder().endpoint(endpoint)
        .credentials(System.getenv("S3_ACCESS_KEY"), System.getenv("S3_SECRET_KEY")).build()
        .putObject(PutObjectArgs.builder().bucket(BUCKET).object(KEY)
            .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
  }
}
