package ai.pretrain.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributeKey;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RunResourceTest {

  private static final String PROBLEM = "application/problem+json";

  @Inject WorkflowClient client;

  @BeforeAll
  static void requireTemporal() {
    TemporalDevServer.require();
  }

  @Test
  void validYamlStartsAWorkflowWithTheReturnedId() {
    String name = uniqueName();
    String yaml = "name: " + name + "\ndataset:\n  name: mnist\npretrain:\n  epochs: 2\n";
    ExtractableResponse<Response> accepted = spec("application/yaml", yaml)
        .when().post("/api/v1/runs")
        .then()
        .statusCode(202)
        .body("runId", matchesPattern("run-" + name + "-[0-9a-f]{8}"))
        .body("status", equalTo("RUNNING"))
        .body("temporalUi", containsString("/namespaces/"))
        .extract();
    String runId = accepted.path("runId");
    assertTrue(accepted.header("Location").endsWith("/api/v1/runs/" + runId), accepted.header("Location"));
    assertEquals("/api/v1/runs/" + runId, accepted.path("links.self"));
    assertTrue(accepted.<String>path("temporalUi").endsWith("/workflows/" + runId));

    WorkflowExecutionDescription described = client.newUntypedWorkflowStub(runId).describe();
    assertEquals("PipelineWorkflow", described.getWorkflowType());
    assertEquals("pretrain-cpu", described.getTaskQueue());
    assertEquals(name, described.getMemo("specName", String.class));
    assertEquals("mnist", described.getMemo("dataset", String.class));
    // scripts/services.sh registers the four search attributes on the dev server.
    assertEquals(name, described.getTypedSearchAttributes().get(SearchAttributeKey.forKeyword("PipelineName")));
    assertEquals(0.0, described.getTypedSearchAttributes().get(SearchAttributeKey.forDouble("BestMetric")));
    String stage = described.getTypedSearchAttributes().get(SearchAttributeKey.forKeyword("PipelineStage"));
    assertTrue(List.of("pending", "prepareData").contains(stage), stage);
    terminate(runId);
  }

  @Test
  void validJsonIsAcceptedToo() {
    String name = uniqueName();
    String json = "{\"name\": \"" + name + "\", \"dataset\": {\"name\": \"mnist\"}}";
    String runId = spec("application/json", json)
        .when().post("/api/v1/runs")
        .then()
        .statusCode(202)
        .body("runId", startsWith("run-" + name + "-"))
        .extract().path("runId");
    terminate(runId);
  }

  @Test
  void malformedYamlIsRefusedNamingTheLine() {
    String name = uniqueName();
    refused("name: " + name + "\ndataset:\n  name: [mnist\n")
        .body("violations[0].field", equalTo("$"))
        .body("violations[0].message", containsString("line "));
    assertNothingStarted(name);
  }

  @Test
  void unknownFieldIsRefusedWithItsPath() {
    String name = uniqueName();
    refused("name: " + name + "\ndataset:\n  name: mnist\npretrain:\n  epochz: 3\n")
        .body("violations.field", hasItem("pretrain.epochz"));
    assertNothingStarted(name);
  }

  @Test
  void outOfRangeNumberIsRefusedWithItsPath() {
    String name = uniqueName();
    refused("name: " + name + "\ndataset:\n  name: mnist\npretrain:\n  epochs: 0\n")
        .body("violations.field", hasItem("pretrain.epochs"));
    assertNothingStarted(name);
  }

  @Test
  void unknownDatasetIsRefusedWithItsPath() {
    String name = uniqueName();
    refused("name: " + name + "\ndataset:\n  name: imagenet-21k\n")
        .body("violations.field", hasItem("dataset.name"))
        .body("violations.message", hasItem(startsWith(
            "unknown dataset 'imagenet-21k'; installed: breast-cancer, diabetes, iris, mnist, spam-assassin, wine")));
    assertNothingStarted(name);
  }

  @Test
  void yamlSentAsJsonIsRefusedNamingTheContentType() {
    String name = uniqueName();
    spec("application/json", "name: " + name + "\ndataset:\n  name: mnist\n")
        .when().post("/api/v1/runs")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("violations[0].field", equalTo("body"))
        .body("violations[0].message", containsString("application/json"))
        .body("violations[0].message", containsString("line 1"));
    assertNothingStarted(name);
  }

  @Test
  void hugeSeedIsReportedBesideOtherViolations() {
    String name = uniqueName();
    refused("name: " + name + "\nseed: 100000000000000000000000000000000000000000000000000000000000\n"
        + "dataset:\n  name: mnist\npretrain:\n  epochs: 0\n")
        .body("violations.field", hasItem("seed"))
        .body("violations.field", hasItem("pretrain.epochs"));
    assertNothingStarted(name);
  }

  @Test
  void bodyOverTheLimitIs413() {
    String padding = "# padding\n".repeat(60_000);
    spec("application/yaml", "name: too-big\ndataset:\n  name: mnist\n" + padding)
        .when().post("/api/v1/runs")
        .then()
        .statusCode(413);
  }

  @Test
  void unsupportedMediaTypeIsAProblem() {
    spec("text/plain", "name: x")
        .when().post("/api/v1/runs")
        .then()
        .statusCode(415)
        .contentType(PROBLEM);
  }

  @Test
  void unknownRunIs404() {
    given().when().get("/api/v1/runs/run-nothing-here-00000000")
        .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404))
        .body("detail", containsString("run-nothing-here-00000000"));
    given().when().post("/api/v1/runs/run-nothing-here-00000000/cancel")
        .then().statusCode(404).contentType(PROBLEM);
  }

  @Test
  void runningRunIsDescribedThenCancelledThenClosed() {
    String name = uniqueName();
    String runId = spec("text/yaml", "name: " + name + "\ndataset:\n  name: mnist\n")
        .when().post("/api/v1/runs")
        .then().statusCode(202)
        .extract().path("runId");

    given().when().get("/api/v1/runs/" + runId)
        .then()
        .statusCode(200)
        .body("runId", equalTo(runId))
        .body("name", equalTo(name))
        .body("status", equalTo("RUNNING"))
        .body("startedAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
        .body("temporalUi", containsString("/workflows/" + runId))
        .body("progressUnavailable", equalTo("no worker is polling pretrain-cpu"))
        .body("comparison.size()", equalTo(0));

    given().when().post("/api/v1/runs/" + runId + "/cancel")
        .then().statusCode(202).body("runId", equalTo(runId)).body("status", equalTo("CANCEL_REQUESTED"));

    // With no worker the cancel is only recorded; terminating closes the run for the 409 case.
    terminate(runId);
    given().when().post("/api/v1/runs/" + runId + "/cancel")
        .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("TERMINATED"));
    given().when().get("/api/v1/runs/" + runId)
        .then().statusCode(200).body("status", equalTo("TERMINATED")).body("closedAt", matchesPattern("\\d{4}-.*Z"));
  }

  private static io.restassured.response.ValidatableResponse refused(String yaml) {
    return spec("application/x-yaml", yaml)
        .when().post("/api/v1/runs")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("status", equalTo(400))
        .body("title", equalTo("Invalid pipeline spec"))
        .body("type", containsString("invalid-spec"));
  }

  private void assertNothingStarted(String name) {
    assertTrue(client.listExecutions("WorkflowType = 'PipelineWorkflow'")
        .noneMatch(execution -> execution.getExecution().getWorkflowId().startsWith("run-" + name + "-")),
        "a refused spec must not start a workflow");
  }

  @Test
  void retryStartsANewRunOfTheClosedRunsSpec() {
    String name = uniqueName();
    String yaml = "name: " + name + "\ndataset:\n  name: mnist\npretrain:\n  epochs: 3\n";
    String runId = spec("application/yaml", yaml).when().post("/api/v1/runs").then().statusCode(202)
        .extract().path("runId");
    given().when().post("/api/v1/runs/" + runId + "/retry")
        .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("is RUNNING"));
    terminate(runId);

    ExtractableResponse<Response> retried = given().when().post("/api/v1/runs/" + runId + "/retry")
        .then().statusCode(202).body("status", equalTo("RUNNING"))
        .body("links.retryOf", equalTo("/api/v1/runs/" + runId))
        .extract();
    String retryId = retried.path("runId");
    assertTrue(retryId.matches("run-" + name + "-[0-9a-f]{8}") && !retryId.equals(runId), retryId);
    WorkflowExecutionDescription described = client.newUntypedWorkflowStub(retryId).describe();
    assertEquals(runId, described.getMemo("retryOf", String.class));
    Payloads input = client.fetchHistory(retryId).getHistory().getEvents(0)
        .getWorkflowExecutionStartedEventAttributes().getInput();
    assertEquals(new SpecParser().parse(yaml), client.getOptions().getDataConverter()
        .fromPayloads(0, Optional.of(input), PipelineSpec.class, PipelineSpec.class));
    terminate(retryId);
  }

  private void terminate(String runId) {
    WorkflowExecutionDescription described = client.newUntypedWorkflowStub(runId).describe();
    if (described.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      client.newUntypedWorkflowStub(runId).terminate("test cleanup: no worker runs in the API tests");
    }
  }

  /** A request whose body is sent as text under the given media type; RestAssured has no YAML encoder. */
  private static RequestSpecification spec(String mediaType, String body) {
    return given()
        .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs(mediaType, ContentType.TEXT)
            .defaultContentCharset(StandardCharsets.UTF_8)))
        .contentType(mediaType)
        .body(body);
  }

  private static String uniqueName() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
