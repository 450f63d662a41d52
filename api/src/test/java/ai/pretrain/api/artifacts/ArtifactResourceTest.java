package ai.pretrain.api.artifacts;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.api.FinishedRuns;
import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Artifacts of a finished run, streamed from the real MinIO. The run is a stand-in pipeline that completes at once
 * with stages naming objects this test put into the store (content and lineage sidecar, as the worker writes them);
 * no training runs.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactResourceTest {

  private static final int SIZE = 300_000;

  @Inject WorkflowClient client;

  private FinishedRuns runs;
  private MinioClient minio;
  private String bucket;
  private String runId;
  private String runWithoutReport;
  private byte[] report;
  private byte[] model;
  private String modelSha256;

  @BeforeAll
  void finishARunWithArtifacts() throws Exception {
    TemporalDevServer.require();
    String storeUri = System.getenv("PRETRAIN_STORE_URI");
    if (storeUri == null || !storeUri.startsWith("s3://")) {
      fail("PRETRAIN_STORE_URI is not the MinIO that `scripts/services.sh start` runs; source its services.env");
    }
    bucket = URI.create(storeUri).getHost();
    minio = MinioClient.builder().endpoint(System.getenv("S3_ENDPOINT"))
        .credentials(System.getenv("S3_ACCESS_KEY"), System.getenv("S3_SECRET_KEY")).build();
    if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
      minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }

    String name = uniqueName();
    runId = FinishedRuns.runId(name);
    String prefix = "api-tests/" + runId + "/";
    model = new byte[SIZE];
    new Random(7).nextBytes(model);
    modelSha256 = sha256(model);
    ArtifactRef encoder = put(prefix + "encoder.params", model, "model");
    byte[] metrics = "{\"loss\": 0.25}".getBytes(StandardCharsets.UTF_8);
    ArtifactRef metricsRef = put(prefix + "metrics.json", metrics, "metrics");
    report = "<!doctype html><html><body><h1>Run report</h1></body></html>".getBytes(StandardCharsets.UTF_8);
    ArtifactRef reportRef = put(prefix + "report.html", report, "report");
    putLineage(prefix + "encoder.params", "{\"stage\": \"pretrain\", \"runId\": \"" + runId + "\", \"inputs\": "
        + "[{\"uri\": \"s3://" + bucket + "/shard-0\", \"sha256\": \"ab\", \"sizeBytes\": 1, \"kind\": \"dataset-shard\"}],"
        + " \"parameters\": {\"epochs\": 1}, \"codeVersion\": \"test\", \"createdAt\": \"2026-01-01T00:00:00Z\"}");
    // Outside the configured store: another bucket, and a key that climbs out of it.
    ArtifactRef elsewhere = new ArtifactRef("s3://another-bucket/x.bin", modelSha256, SIZE, "model");
    ArtifactRef climbing = new ArtifactRef("s3://" + bucket + "/api-tests/../../etc/passwd", modelSha256, 1, "model");

    runs = new FinishedRuns(client);
    runs.complete(runId, name, "anonymous", List.of(
        new StageProgress("pretrain", StageState.COMPLETED, false, "key1", Map.of("loss", 0.25),
            Map.of("encoder", encoder, "metrics", metricsRef), null),
        new StageProgress("evaluate", StageState.COMPLETED, false, "key2", Map.of(),
            Map.of("elsewhere", elsewhere, "climbing", climbing, "report-html", reportRef), null)));
    runWithoutReport = FinishedRuns.runId(name);
    runs.complete(runWithoutReport, name, "anonymous", List.of(
        new StageProgress("pretrain", StageState.COMPLETED, false, "key1", Map.of(), Map.of("encoder", encoder), null)));
  }

  @AfterAll
  void stopWorker() {
    if (runs != null) {
      runs.close();
    }
  }

  @Test
  void listsEveryStagesArtifactsWithLineage() {
    given().when().get("/api/v1/runs/" + runId + "/artifacts")
        .then().statusCode(200)
        .body("runId", equalTo(runId))
        .body("artifacts.size()", equalTo(5))
        .body("artifacts.find { it.name == 'encoder' }.stage", equalTo("pretrain"))
        .body("artifacts.find { it.name == 'encoder' }.sha256", equalTo(modelSha256))
        .body("artifacts.find { it.name == 'encoder' }.sizeBytes", equalTo(SIZE))
        .body("artifacts.find { it.name == 'encoder' }.kind", equalTo("model"))
        .body("artifacts.find { it.name == 'encoder' }.lineage.stage", equalTo("pretrain"))
        .body("artifacts.find { it.name == 'encoder' }.lineage.runId", equalTo(runId))
        .body("artifacts.find { it.name == 'encoder' }.lineage.inputs[0].kind", equalTo("dataset-shard"))
        .body("artifacts.find { it.name == 'encoder' }.lineage.parameters.epochs", equalTo(1))
        .body("artifacts.find { it.name == 'encoder' }.download",
            equalTo("/api/v1/runs/" + runId + "/artifacts/pretrain/encoder"))
        .body("artifacts.find { it.name == 'metrics' }.lineage", nullValue());
  }

  @Test
  void downloadsTheWholeObjectWithLengthAndSha256ETag() {
    Response response = given().when().get("/api/v1/runs/" + runId + "/artifacts/pretrain/encoder");
    response.then().statusCode(200)
        .header("Content-Length", String.valueOf(SIZE))
        .header("ETag", "\"" + modelSha256 + "\"")
        .header("Accept-Ranges", "bytes")
        .contentType("application/octet-stream");
    assertArrayEquals(model, response.asByteArray());

    given().when().get("/api/v1/runs/" + runId + "/artifacts/pretrain/metrics")
        .then().statusCode(200).contentType("application/json").body("loss", equalTo(0.25f));
  }

  @Test
  void rangeRequestsGet206WithThatSlice() {
    Response middle = given().header("Range", "bytes=1000-1999")
        .when().get("/api/v1/runs/" + runId + "/artifacts/pretrain/encoder");
    middle.then().statusCode(206)
        .header("Content-Range", "bytes 1000-1999/" + SIZE)
        .header("Content-Length", "1000")
        .header("ETag", "\"" + modelSha256 + "\"");
    assertArrayEquals(Arrays.copyOfRange(model, 1000, 2000), middle.asByteArray());

    Response tail = given().header("Range", "bytes=-100")
        .when().get("/api/v1/runs/" + runId + "/artifacts/pretrain/encoder");
    tail.then().statusCode(206).header("Content-Range", "bytes " + (SIZE - 100) + "-" + (SIZE - 1) + "/" + SIZE);
    assertArrayEquals(Arrays.copyOfRange(model, SIZE - 100, SIZE), tail.asByteArray());

    Response open = given().header("Range", "bytes=299990-")
        .when().get("/api/v1/runs/" + runId + "/artifacts/pretrain/encoder");
    open.then().statusCode(206).header("Content-Length", "10");
    assertArrayEquals(Arrays.copyOfRange(model, SIZE - 10, SIZE), open.asByteArray());

    // a range of a JSON file is no JSON document: it comes as plain bytes
    given().header("Range", "bytes=0-5").when().get("/api/v1/runs/" + runId + "/artifacts/pretrain/metrics")
        .then().statusCode(206).contentType("application/octet-stream").body(equalTo("{\"loss"));

    given().header("Range", "bytes=" + SIZE + "-")
        .when().get("/api/v1/runs/" + runId + "/artifacts/pretrain/encoder")
        .then().statusCode(416).contentType(PROBLEM).header("Content-Range", "bytes */" + SIZE);
  }

  @Test
  void theReportIsShownInTheBrowserWithNothingElseAllowedToLoad() {
    Response page = given().when().get("/api/v1/runs/" + runId + "/report");
    page.then().statusCode(200)
        .contentType(containsString("text/html"))
        .header("Content-Disposition", containsString("inline"))
        .header("Content-Security-Policy", containsString("default-src 'none'"))
        .header("ETag", "\"" + sha256Quietly(report) + "\"");
    assertArrayEquals(report, page.asByteArray());
    given().when().get("/api/v1/runs/" + runWithoutReport + "/report")
        .then().statusCode(404).contentType(PROBLEM).body("type", containsString("report-not-found"));
  }

  @Test
  void aMatchingIfNoneMatchIs304() {
    given().header("If-None-Match", "\"" + modelSha256 + "\"")
        .when().get("/api/v1/runs/" + runId + "/artifacts/pretrain/encoder")
        .then().statusCode(304).header("ETag", "\"" + modelSha256 + "\"");
  }

  @Test
  void unknownArtifactsStagesAndRunsAre404() {
    given().when().get("/api/v1/runs/" + runId + "/artifacts/pretrain/nothing")
        .then().statusCode(404).contentType(PROBLEM).body("type", containsString("artifact-not-found"));
    given().when().get("/api/v1/runs/" + runId + "/artifacts/adapt/encoder")
        .then().statusCode(404).contentType(PROBLEM);
    given().when().get("/api/v1/runs/run-nothing-here-00000000/artifacts")
        .then().statusCode(404).contentType(PROBLEM).body("type", containsString("run-not-found"));
  }

  @Test
  void urisOutsideTheStoreAreNeverServed() {
    given().when().get("/api/v1/runs/" + runId + "/artifacts/evaluate/elsewhere")
        .then().statusCode(403).contentType(PROBLEM).body("type", containsString("artifact-outside-store"));
    given().when().get("/api/v1/runs/" + runId + "/artifacts/evaluate/climbing")
        .then().statusCode(403).contentType(PROBLEM);
  }

  @Test
  void closedRunsAreCountedByKind() {
    given().when().get("/api/v1/runs/" + runId).then().statusCode(200).body("status", equalTo("COMPLETED"));
    given().when().get("/q/metrics")
        .then().statusCode(200).body(containsString("pretrain_runs_completed_total{kind=\"mnist\"}"));
  }

  private ArtifactRef put(String key, byte[] content, String kind) throws Exception {
    minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
        .stream(new ByteArrayInputStream(content), content.length, -1).build());
    return new ArtifactRef("s3://" + bucket + "/" + key, sha256(content), content.length, kind);
  }

  private void putLineage(String key, String json) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key + ".lineage.json")
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
  }

  private static String sha256Quietly(byte[] content) {
    try {
      return sha256(content);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
