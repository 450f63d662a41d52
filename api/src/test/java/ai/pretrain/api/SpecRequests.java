package ai.pretrain.api;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Requests that carry a spec as text under a given media type (RestAssured has no YAML encoder), and clean-up. */
public final class SpecRequests {

  public static final String PROBLEM = "application/problem+json";

  private SpecRequests() {}

  public static RequestSpecification spec(String mediaType, String body) {
    return given()
        .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs(mediaType, ContentType.TEXT)
            .defaultContentCharset(StandardCharsets.UTF_8)))
        .contentType(mediaType)
        .body(body);
  }

  public static String yaml(String name) {
    return "name: " + name + "\ndataset:\n  name: mnist\npretrain:\n  epochs: 1\n";
  }

  public static String uniqueName() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** No worker runs the API tests' pipelines; a run left running would be picked up by the next one that polls. */
  public static void terminate(WorkflowClient client, String runId) {
    var stub = client.newUntypedWorkflowStub(runId);
    if (stub.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      stub.terminate("test cleanup: no worker runs in the API tests");
    }
  }
}
