package ai.pretrain.api.runs;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.spec;
import static ai.pretrain.api.SpecRequests.terminate;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static ai.pretrain.api.SpecRequests.yaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.pretrain.api.TemporalDevServer;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotentSubmitTest {

  @Inject WorkflowClient client;

  @BeforeAll
  static void requireTemporal() {
    TemporalDevServer.require();
  }

  @Test
  void retriedPostReturnsTheSameRunWith200() {
    String name = uniqueName();
    String key = UUID.randomUUID().toString();
    double startedBefore = startedMnistRuns();
    String runId = spec("application/yaml", yaml(name)).header("Idempotency-Key", key)
        .when().post("/api/v1/runs")
        .then().statusCode(202).extract().path("runId");
    try {
      spec("application/yaml", yaml(name)).header("Idempotency-Key", key)
          .when().post("/api/v1/runs")
          .then().statusCode(200)
          .header("Idempotent-Replayed", "true")
          .header("Location", containsString("/api/v1/runs/" + runId))
          .body("runId", equalTo(runId))
          .body("status", equalTo("RUNNING"));
      // The same spec as JSON is the same spec.
      String json = "{\"name\": \"" + name + "\", \"dataset\": {\"name\": \"mnist\"}, \"pretrain\": {\"epochs\": 1}}";
      spec("application/json", json).header("Idempotency-Key", key)
          .when().post("/api/v1/runs")
          .then().statusCode(200).body("runId", equalTo(runId));
      assertEquals(1, client.listExecutions("WorkflowId = '" + runId + "'").count(), "one workflow, not three");
      assertEquals(startedBefore + 1, startedMnistRuns(), "replays are not counted as started runs");
    } finally {
      terminate(client, runId);
    }
    // Still the same run once it has closed: the id is never reused.
    spec("application/yaml", yaml(name)).header("Idempotency-Key", key)
        .when().post("/api/v1/runs")
        .then().statusCode(200).body("runId", equalTo(runId)).body("status", equalTo("TERMINATED"));
  }

  @Test
  void aDifferentSpecUnderTheSameKeyIs409() {
    String name = uniqueName();
    String key = UUID.randomUUID().toString();
    String runId = spec("application/yaml", yaml(name)).header("Idempotency-Key", key)
        .when().post("/api/v1/runs")
        .then().statusCode(202).extract().path("runId");
    try {
      spec("application/yaml", yaml(name).replace("epochs: 1", "epochs: 2")).header("Idempotency-Key", key)
          .when().post("/api/v1/runs")
          .then().statusCode(409).contentType(PROBLEM)
          .body("type", containsString("idempotency-key-reused"))
          .body("detail", containsString(runId));
    } finally {
      terminate(client, runId);
    }
  }

  @Test
  void differentKeysStartDifferentRuns() {
    String name = uniqueName();
    String first = spec("application/yaml", yaml(name)).header("Idempotency-Key", "k-" + UUID.randomUUID())
        .when().post("/api/v1/runs").then().statusCode(202).extract().path("runId");
    String second = spec("application/yaml", yaml(name)).header("Idempotency-Key", "k-" + UUID.randomUUID())
        .when().post("/api/v1/runs").then().statusCode(202).extract().path("runId");
    terminate(client, first);
    terminate(client, second);
    assertNotEquals(first, second);
  }

  private static double startedMnistRuns() {
    String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^pretrain_runs_started_total\\{kind=\"mnist\"} ([0-9.eE+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void aMalformedKeyIs400NamingTheHeader() {
    spec("application/yaml", yaml(uniqueName())).header("Idempotency-Key", "has spaces in it")
        .when().post("/api/v1/runs")
        .then().statusCode(400).contentType(PROBLEM)
        .body("violations.field", hasItem("Idempotency-Key"));
  }
}
