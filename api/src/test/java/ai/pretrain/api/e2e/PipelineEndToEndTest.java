package ai.pretrain.api.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.api.TemporalDevServer;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole platform on real parts: the demo spec submitted through the API to the real Temporal dev server, run by a
 * real worker process training with DJL on PyTorch, with every artifact in the real MinIO.
 */
@QuarkusTest
class PipelineEndToEndTest {

  private static final Path DEMO_SPEC = Path.of("..", "examples", "mnist-pretrain-finetune.yaml");
  private static final long RUN_TIMEOUT_MILLIS = 15 * 60 * 1000L;
  private static WorkerProcess worker;

  @BeforeAll
  static void startWorker() throws Exception {
    TemporalDevServer.require();
    for (String name : List.of("PRETRAIN_STORE_URI", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY")) {
      if (System.getenv(name) == null || !System.getenv("PRETRAIN_STORE_URI").startsWith("s3://")) {
        fail(name + " is not set to the MinIO that `scripts/services.sh start` runs; source its services.env");
      }
    }
    worker = WorkerProcess.start(Path.of("target", "e2e-worker.log"));
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null) {
      worker.close();
    }
  }

  @Test
  void demoSpecRunsEveryStageAndPretrainingBeatsScratch() throws Exception {
    long started = System.currentTimeMillis();
    String runId = given().contentType("application/yaml").body(Files.readAllBytes(DEMO_SPEC))
        .when().post("/api/v1/runs")
        .then().statusCode(202)
        .extract().path("runId");

    long peakHeap = 0;
    JsonPath run;
    do {
      Thread.sleep(1000);
      peakHeap = Math.max(peakHeap, worker.heapUsedBytes());
      run = given().when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
      if (System.currentTimeMillis() - started > RUN_TIMEOUT_MILLIS) {
        fail("the demo run did not finish within 15 minutes: " + run.prettify());
      }
    } while ("RUNNING".equals(run.getString("status")));
    long seconds = (System.currentTimeMillis() - started) / 1000;
    assertEquals("COMPLETED", run.getString("status"), run.prettify());

    List<Map<String, Object>> stages = run.getList("stages");
    assertEquals(List.of("prepareData", "pretrain", "adapt", "sweep", "fineTune", "evaluate"),
        stages.stream().map(s -> s.get("stage")).toList());
    stages.forEach(s -> assertEquals("COMPLETED", s.get("state"), s.get("stage") + ": " + s));

    double pretrained = accuracyOf(run, "pretrained");
    double scratch = accuracyOf(run, "scratch");
    System.out.printf("demo run %s: %d s, worker peak heap %d MiB, test accuracy pretrained %.4f vs scratch %.4f"
        + " (margin %+.1f points)%n", runId, seconds, peakHeap >> 20, pretrained, scratch, 100 * (pretrained - scratch));
    assertTrue(pretrained > scratch,
        "pretraining should beat training from scratch with 1% of the labels: " + pretrained + " vs " + scratch);
    assertTrue(peakHeap < (1L << 30), "worker heap peaked at " + peakHeap + " bytes");

    int verified = verifyArtifactsInMinio(stages);
    assertTrue(verified >= 12, "expected every stage's artifacts in MinIO, verified " + verified);
    reportAndSwaggerUiRenderInABrowser(runId);
    temporalUiShowsTheRun(runId, run.getString("temporalUi"));
  }

  @Test
  void aTextRunPretrainsAdaptsToTheDomainAndComparesWithTheGeneralModel() throws Exception {
    String runId = submitSpec(Files.readString(DEMO_SPEC.resolveSibling("spam-smoke.yaml")));
    JsonPath run = awaitRun(runId, r -> !"RUNNING".equals(r.getString("status")), "the text run to end");
    assertEquals("COMPLETED", run.getString("status"), run.prettify());

    assertTrue(run.getMap(stageField("prepareData", "artifacts")).containsKey("tokenizer"), run.prettify());
    assertTrue(run.getMap(stageField("pretrain", "artifacts")).containsKey("language-model"), run.prettify());
    double before = run.getDouble(stageField("adapt", "metrics.domainPerplexityBefore"));
    double after = run.getDouble(stageField("adapt", "metrics.domainPerplexityAfter"));
    assertTrue(after < before, "continued pretraining should lower the emails' perplexity: " + before + " -> " + after);
    for (String model : List.of("pretrained", "general-pretrained", "scratch")) {
      assertTrue(accuracyOf(run, model) > 0.5, model + ": " + run.prettify());
    }
    System.out.printf("text run %s: email perplexity %.1f -> %.1f; spam-vs-ham accuracy domain-adapted %.3f, "
        + "general %.3f, scratch %.3f%n", runId, before, after, accuracyOf(run, "pretrained"),
        accuracyOf(run, "general-pretrained"), accuracyOf(run, "scratch"));
    List<Map<String, Object>> stages = run.getList("stages");
    assertTrue(verifyArtifactsInMinio(stages.stream().filter(s -> !"SKIPPED".equals(s.get("state"))).toList()) >= 15);
  }

  /** What a user sees: the run's report and the Swagger UI in headless Chromium, screenshots under target/. */
  private static void reportAndSwaggerUiRenderInABrowser(String runId) throws Exception {
    String base = "http://localhost:" + RestAssured.port;
    BufferedImage report = HeadlessChromium.screenshot(base + "/api/v1/runs/" + runId + "/report",
        Path.of("target", "screenshots", "report.png"), 1280, 4000);
    double coloured = HeadlessChromium.colouredShare(report);
    System.out.printf("report screenshot: %dx%d, %.1f%% coloured pixels%n", report.getWidth(), report.getHeight(),
        100 * coloured);
    // the loss curves, ROC curves and confusion matrices are drawn in colour on white; text alone is grey
    assertTrue(coloured > 0.01, "the report's charts did not render: " + 100 * coloured + "% coloured pixels");

    String swagger = HeadlessChromium.renderedDom(base + "/q/swagger-ui/");
    assertTrue(swagger.contains("opblock") && swagger.contains("/api/v1/runs/{id}/report"),
        "Swagger UI did not render the API's operations (offline bundle, OpenAPI document)");
    HeadlessChromium.screenshot(base + "/q/swagger-ui/", Path.of("target", "screenshots", "swagger-ui.png"), 1280,
        2000);
  }

  /** The run where its link leads, in the Temporal UI; the screenshot is the one docs/images shows. */
  private static void temporalUiShowsTheRun(String runId, String link) throws Exception {
    String page = HeadlessChromium.renderedDom(link);
    assertTrue(page.contains(runId) && page.contains("PipelineWorkflow"),
        "the Temporal UI at " + link + " did not show the run and its workflow type");
    HeadlessChromium.screenshot(link, Path.of("target", "screenshots", "temporal-ui-run.png"), 1280, 1300);
  }

  @Test
  void aRepeatedSpecIsServedFromTheCacheAndAChangedFieldIsNamedInTheMiss() throws Exception {
    long seed = System.nanoTime() % 1_000_000;
    String spec = "name: cache-e2e\nseed: " + seed + "\ndataset: {name: mnist}\n"
        + "pretrain: {hiddenUnits: [64], latentUnits: 16, epochs: 2}\n"
        + "fineTune: {epochs: 3, learningRate: %s}\n";
    JsonPath first = awaitRun(submitSpec(spec.formatted("0.001")), r -> !"RUNNING".equals(r.getString("status")),
        "the first run");
    assertEquals("COMPLETED", first.getString("status"), first.prettify());

    JsonPath again = awaitRun(submitSpec(spec.formatted("0.001")), r -> !"RUNNING".equals(r.getString("status")),
        "the repeated run");
    for (String stage : List.of("prepareData", "pretrain", "adapt", "fineTune", "evaluate")) {
      assertEquals(true, again.getBoolean(stageField(stage, "cacheHit")), stage + " should be a cache hit");
      assertEquals(first.getString(stageField(stage, "cacheKey")), again.getString(stageField(stage, "cacheKey")));
    }

    JsonPath changed = awaitRun(submitSpec(spec.formatted("0.002")), r -> !"RUNNING".equals(r.getString("status")),
        "the run with a changed learning rate");
    for (String stage : List.of("prepareData", "pretrain", "adapt")) {
      assertEquals(true, changed.getBoolean(stageField(stage, "cacheHit")), stage + " should be a cache hit");
    }
    for (String stage : List.of("fineTune", "evaluate")) {
      assertEquals(false, changed.getBoolean(stageField(stage, "cacheHit")), stage + " should miss");
    }
    assertTrue(changed.getString(stageField("fineTune", "message"))
        .contains("config fineTune.learningRate (0.001 -> 0.002)"), changed.prettify());
    assertTrue(changed.getString(stageField("evaluate", "message")).contains("input"), changed.prettify());
  }

  private static String stageField(String stage, String field) {
    return "stages.find { it.stage == '" + stage + "' }." + field;
  }

  private static String submitSpec(String spec) {
    return given().contentType("application/yaml").body(spec.getBytes())
        .when().post("/api/v1/runs")
        .then().statusCode(202)
        .extract().path("runId");
  }

  @Test
  void cancellingARunStopsItsRunningStageAndSaysWhichOne() throws Exception {
    long seed = System.nanoTime() % 1_000_000;
    String spec = "name: cancel-e2e\nseed: " + seed + "\ndataset: {name: mnist}\npretrain: {epochs: 500}\n";
    String runId = given().contentType("application/yaml").body(spec.getBytes())
        .when().post("/api/v1/runs")
        .then().statusCode(202)
        .extract().path("runId");

    awaitRun(runId, run -> run.get("stages.find { it.stage == 'pretrain' }.live") != null, "a pretrain heartbeat");
    long cancelled = System.currentTimeMillis();
    given().when().post("/api/v1/runs/" + runId + "/cancel").then().statusCode(202);
    JsonPath run = awaitRun(runId, r -> !"RUNNING".equals(r.getString("status")), "the run to end");

    assertEquals("CANCELED", run.getString("status"), run.prettify());
    assertEquals("pretrain", run.getString("interruptedStage"), run.prettify());
    assertEquals("CANCELLED", run.getString("stages.find { it.stage == 'pretrain' }.state"));
    assertEquals("PENDING", run.getString("stages.find { it.stage == 'adapt' }.state"));
    long stopSeconds = (System.currentTimeMillis() - cancelled) / 1000;
    assertTrue(stopSeconds < 30, "the run took " + stopSeconds + " s to stop after the cancel");

    String retried = given().when().post("/api/v1/runs/" + runId + "/retry")
        .then().statusCode(202)
        .extract().path("runId");
    JsonPath retry = awaitRun(retried, r -> "COMPLETED".equals(r.getString(stageField("prepareData", "state"))),
        "the retried run's data prep");
    assertTrue(retry.getBoolean(stageField("prepareData", "cacheHit")), "the retry reuses the finished stage");
    given().when().post("/api/v1/runs/" + retried + "/retry").then().statusCode(409);
    given().when().post("/api/v1/runs/" + retried + "/cancel").then().statusCode(202);
    awaitRun(retried, r -> !"RUNNING".equals(r.getString("status")), "the retried run to stop");
  }

  private static JsonPath awaitRun(String runId, java.util.function.Predicate<JsonPath> condition, String what)
      throws InterruptedException {
    // a bound on a hung run, not a speed target: a loaded 2-core machine takes minutes for the text run
    long deadline = System.currentTimeMillis() + 600_000;
    while (System.currentTimeMillis() < deadline) {
      JsonPath run = given().when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
      if (condition.test(run)) {
        return run;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("timed out waiting for " + what + " in " + runId);
  }

  private static double accuracyOf(JsonPath run, String model) {
    return run.getList("comparison", Map.class).stream()
        .filter(row -> model.equals(row.get("model")))
        .map(row -> ((Number) row.get("accuracy")).doubleValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no comparison row for " + model + ": " + run.prettify()));
  }

  /** Every artifact of every stage is in MinIO, with the sha256 the run recorded, and its lineage beside it. */
  @SuppressWarnings("unchecked")
  private static int verifyArtifactsInMinio(List<Map<String, Object>> stages) throws Exception {
    MinioClient minio = MinioClient.builder()
        .endpoint(System.getenv("S3_ENDPOINT"))
        .credentials(System.getenv("S3_ACCESS_KEY"), System.getenv("S3_SECRET_KEY"))
        .build();
    int verified = 0;
    for (Map<String, Object> stage : stages) {
      Map<String, Map<String, Object>> artifacts = (Map<String, Map<String, Object>>) stage.get("artifacts");
      assertFalse(artifacts.isEmpty(), stage.get("stage") + " recorded no artifacts");
      for (Map<String, Object> artifact : artifacts.values()) {
        URI uri = URI.create((String) artifact.get("uri"));
        assertEquals("s3", uri.getScheme(), "artifact outside MinIO: " + uri);
        String bucket = uri.getHost();
        String key = uri.getPath().substring(1);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(
            minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()), sha256)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(artifact.get("sha256"), HexFormat.of().formatHex(sha256.digest()), "sha256 of " + uri);
        minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key + ".lineage.json").build());
        verified++;
      }
    }
    return verified;
  }
}
