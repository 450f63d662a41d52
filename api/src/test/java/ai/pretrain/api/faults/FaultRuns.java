package ai.pretrain.api.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Submitting runs through the API, waiting on them and checking their artifacts in MinIO, for the fault tests. */
final class FaultRuns {

  private FaultRuns() {}

  static void requireMinio() {
    for (String name : List.of("PRETRAIN_STORE_URI", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY")) {
      if (System.getenv(name) == null || !System.getenv("PRETRAIN_STORE_URI").startsWith("s3://")) {
        fail(name + " is not set to the MinIO that `scripts/services.sh start` runs; source its services.env");
      }
    }
  }

  static String submit(String spec) {
    return given().contentType("application/yaml").body(spec.getBytes())
        .when().post("/api/v1/runs")
        .then().statusCode(202)
        .extract().path("runId");
  }

  static boolean ended(JsonPath run) {
    return !"RUNNING".equals(run.getString("status"));
  }

  /**
   * Polls the run until {@code condition} holds. A poll that fails (the API cannot reach Temporal while it restarts)
   * is retried, not fatal: the API is meant to recover on its own.
   */
  static JsonPath await(String runId, Predicate<JsonPath> condition, int seconds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    JsonPath run = null;
    String lastError = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        var response = given().when().get("/api/v1/runs/" + runId).then().extract();
        if (response.statusCode() == 200) {
          run = response.jsonPath();
          if (condition.test(run)) {
            return run;
          }
        } else {
          lastError = response.statusCode() + " " + response.asString();
        }
      } catch (RuntimeException notYetThere) {
        lastError = notYetThere.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("timed out after " + seconds + " s waiting on " + runId + ": "
        + (run == null ? "no response" : run.prettify()) + (lastError == null ? "" : "; last error: " + lastError));
  }

  /** Downloads every artifact of every stage from MinIO and checks it against the sha256 the run recorded. */
  @SuppressWarnings("unchecked")
  static int verifyArtifactsInMinio(JsonPath run) throws Exception {
    MinioClient minio = MinioClient.builder()
        .endpoint(System.getenv("S3_ENDPOINT"))
        .credentials(System.getenv("S3_ACCESS_KEY"), System.getenv("S3_SECRET_KEY"))
        .build();
    int verified = 0;
    for (Map<String, Object> stage : run.<Map<String, Object>>getList("stages")) {
      if ("SKIPPED".equals(stage.get("state"))) {
        continue;
      }
      Map<String, Map<String, Object>> artifacts = (Map<String, Map<String, Object>>) stage.get("artifacts");
      assertFalse(artifacts == null || artifacts.isEmpty(), stage.get("stage") + " recorded no artifacts");
      for (Map<String, Object> artifact : artifacts.values()) {
        URI uri = URI.create((String) artifact.get("uri"));
        assertEquals("s3", uri.getScheme(), "artifact outside MinIO: " + uri);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(minio.getObject(
            GetObjectArgs.builder().bucket(uri.getHost()).object(uri.getPath().substring(1)).build()), sha256)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        assertEquals(artifact.get("sha256"), HexFormat.of().formatHex(sha256.digest()), "sha256 of " + uri);
        verified++;
      }
    }
    return verified;
  }
}
