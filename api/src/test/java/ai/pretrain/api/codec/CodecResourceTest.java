package ai.pretrain.api.codec;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.spec;
import static ai.pretrain.api.SpecRequests.terminate;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static ai.pretrain.api.SpecRequests.yaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.ApiKeysProfile;
import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.codec.PayloadEncryption;
import com.google.protobuf.ByteString;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A run started through the API with a codec key is unreadable in Temporal, and the codec endpoint reads it back. */
@QuarkusTest
@TestProfile(CodecProfile.class)
class CodecResourceTest {

  @Inject WorkflowClient client;
  @Inject WorkflowServiceStubs stubs;

  @BeforeAll
  static void requireTemporal() {
    TemporalDevServer.require();
  }

  @Test
  void aSubmittedSpecIsEncryptedInTheHistoryAndTheCodecDecodesItForAViewer() {
    String name = uniqueName();
    String runId = spec("application/yaml", yaml(name)).header("X-API-Key", ApiKeysProfile.ALICE)
        .when().post("/api/v1/runs")
        .then().statusCode(202).extract().path("runId");
    try {
      WorkflowExecutionStartedEventAttributes started = firstEvent(runId).getWorkflowExecutionStartedEventAttributes();
      Payload input = started.getInput().getPayloads(0);
      assertEquals(PayloadEncryption.ENCODING, input.getMetadataOrThrow("encoding").toStringUtf8());
      assertEquals(CodecProfile.KEY_ID, input.getMetadataOrThrow(PayloadEncryption.KEY_ID).toStringUtf8());
      // Only the workflow id and the PipelineName search attribute (plain by design, for lists) name the run.
      assertFalse(input.getData().toString(StandardCharsets.ISO_8859_1).contains(name));
      assertFalse(input.getData().toString(StandardCharsets.ISO_8859_1).contains("mnist"));
      assertFalse(started.getMemo().toString().contains(name), "the memo is readable in the raw history");
      assertFalse(started.getMemo().toString().contains("alice"));
      Payload memo = started.getMemo().getFieldsOrThrow("specName");
      assertTrue(PayloadEncryption.isEncrypted(memo));

      // The API itself still reads the run (its client decrypts).
      given().header("X-API-Key", ApiKeysProfile.ALICE).when().get("/api/v1/runs/" + runId)
          .then().statusCode(200).body("name", equalTo(name));

      // The Temporal UI's call: a viewer sees the spec in plain JSON.
      JsonPath decoded = given().header("X-API-Key", ApiKeysProfile.VIEWER).header("X-Namespace", "default")
          .header("Origin", CodecProfile.UI_ORIGIN).contentType("application/json")
          .body(Map.of("payloads", List.of(wire(input), wire(memo))))
          .when().post("/api/v1/codec/decode")
          .then().statusCode(200).header("Access-Control-Allow-Origin", CodecProfile.UI_ORIGIN)
          .extract().jsonPath();
      assertEquals("json/plain", text(decoded.getString("payloads[0].metadata.encoding")));
      String spec = text(decoded.getString("payloads[0].data"));
      assertTrue(spec.contains("\"name\":\"" + name + "\""), spec);
      assertEquals("\"" + name + "\"", text(decoded.getString("payloads[1].data")));

      // Refused without a key or with an unknown one.
      given().contentType("application/json").body(Map.of("payloads", List.of(wire(input))))
          .when().post("/api/v1/codec/decode").then().statusCode(401).contentType(PROBLEM);
      given().header("X-API-Key", "stolen").contentType("application/json")
          .body(Map.of("payloads", List.of(wire(input))))
          .when().post("/api/v1/codec/decode").then().statusCode(401);
    } finally {
      terminate(client, runId);
    }
  }

  @Test
  void encodingTakesTheSubmitterRoleAndRoundTrips() {
    Map<String, Object> plain = Map.of("payloads", List.of(Map.of(
        "metadata", Map.of("encoding", base64("json/plain")), "data", base64("{\"epochs\":3}"))));
    given().header("X-API-Key", ApiKeysProfile.VIEWER).contentType("application/json").body(plain)
        .when().post("/api/v1/codec/encode")
        .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("viewer role"));

    JsonPath encoded = given().header("X-API-Key", ApiKeysProfile.BOB).contentType("application/json").body(plain)
        .when().post("/api/v1/codec/encode").then().statusCode(200).extract().jsonPath();
    assertEquals(PayloadEncryption.ENCODING, text(encoded.getString("payloads[0].metadata.encoding")));
    assertFalse(text(encoded.getString("payloads[0].data")).contains("epochs"));

    JsonPath decoded = given().header("X-API-Key", ApiKeysProfile.VIEWER).contentType("application/json")
        .body(Map.of("payloads", encoded.getList("payloads")))
        .when().post("/api/v1/codec/decode").then().statusCode(200).extract().jsonPath();
    assertEquals("{\"epochs\":3}", text(decoded.getString("payloads[0].data")));
  }

  @Test
  void plainAndUndecryptablePayloadsComeBackAsTheyWere() {
    Map<String, Object> plain = Map.of("metadata", Map.of("encoding", base64("json/plain")), "data", base64("1"));
    Map<String, Object> foreign = Map.of("metadata", Map.of("encoding", base64(PayloadEncryption.ENCODING),
        PayloadEncryption.KEY_ID, base64("retired-key")), "data", base64("x".repeat(40)));
    JsonPath decoded = given().header("X-API-Key", ApiKeysProfile.ADMIN).contentType("application/json")
        .body(Map.of("payloads", List.of(plain, foreign)))
        .when().post("/api/v1/codec/decode").then().statusCode(200).extract().jsonPath();
    assertEquals("1", text(decoded.getString("payloads[0].data")));
    assertEquals("retired-key", text(decoded.getString("payloads[1].metadata.encryption-key-id")));
  }

  @Test
  void malformedRequestsAreRefusedNamingTheField() {
    given().header("X-API-Key", ApiKeysProfile.VIEWER).contentType("application/json")
        .body(Map.of("payloads", List.of(Map.of("metadata", Map.of(), "data", "%%%"))))
        .when().post("/api/v1/codec/decode")
        .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("payloads[0].data"));
    given().header("X-API-Key", ApiKeysProfile.VIEWER).contentType("application/json").body(Map.of())
        .when().post("/api/v1/codec/decode")
        .then().statusCode(400).body("violations[0].field", equalTo("payloads"));
    given().header("X-API-Key", ApiKeysProfile.VIEWER).header("X-Namespace", "production")
        .contentType("application/json").body(Map.of("payloads", List.of()))
        .when().post("/api/v1/codec/decode")
        .then().statusCode(400).body("violations[0].field", equalTo("X-Namespace"))
        .body("violations[0].message", containsString("default"));
  }

  @Test
  void theTemporalUisOriginPassesThePreflightAndOthersGetNoCorsHeaders() {
    given().header("Origin", CodecProfile.UI_ORIGIN).header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-namespace,authorization")
        .when().options("/api/v1/codec/decode")
        .then().statusCode(204)
        .header("Access-Control-Allow-Origin", CodecProfile.UI_ORIGIN)
        .header("Access-Control-Allow-Credentials", "true")
        .header("Access-Control-Allow-Methods", containsString("POST"))
        .header("Access-Control-Allow-Headers", containsString("X-Namespace"));
    given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
        .when().options("/api/v1/codec/decode")
        .then().header("Access-Control-Allow-Origin", nullValue());
    // A refusal still carries the headers, so the UI can tell the user why.
    given().header("Origin", CodecProfile.UI_ORIGIN).contentType("application/json").body(Map.of("payloads", List.of()))
        .when().post("/api/v1/codec/decode")
        .then().statusCode(401).header("Access-Control-Allow-Origin", CodecProfile.UI_ORIGIN);
  }

  private HistoryEvent firstEvent(String runId) {
    return stubs.blockingStub().getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
            .setNamespace("default")
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(runId))
            .build())
        .getHistory().getEvents(0);
  }

  private static Map<String, Object> wire(Payload payload) {
    Map<String, String> metadata = new LinkedHashMap<>();
    payload.getMetadataMap().forEach((k, v) -> metadata.put(k, base64(v)));
    return Map.of("metadata", metadata, "data", base64(payload.getData()));
  }

  private static String base64(ByteString bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
