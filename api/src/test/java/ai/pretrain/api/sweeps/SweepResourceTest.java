package ai.pretrain.api.sweeps;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import ai.pretrain.api.TemporalDevServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sweep endpoints' failure modes over HTTP, on the real dev server; the happy paths are in SweepServiceTest. */
@QuarkusTest
class SweepResourceTest {

  private static final String PROBLEM = "application/problem+json";
  private static final String SWEEP = """
      name: api-sweep
      dataset: {name: mnist}
      sweep:
        parameters:
          fineTune.learningRate: [0.001, 0.003]
      """;

  private static RequestSpecification yaml(String body) {
    return given()
        .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs("application/yaml", ContentType.TEXT)
            .defaultContentCharset(StandardCharsets.UTF_8)))
        .contentType("application/yaml")
        .body(body);
  }

  @BeforeAll
  static void requireTemporal() {
    TemporalDevServer.require();
  }

  @Test
  void specWithoutASweepSectionIsRefusedWithTheField() {
    yaml("name: x\ndataset: {name: mnist}\n")
        .when().post("/api/v1/sweeps?fromRun=run-x-0000000a")
        .then().statusCode(400).contentType(PROBLEM)
        .body("violations.field", hasItem("sweep"));
  }

  @Test
  void invalidSearchSpaceIsRefusedWithItsFieldPath() {
    yaml(SWEEP.replace("[0.001, 0.003]",
            "{type: loguniform, min: 0, max: 0.1}").replace("parameters:", "method: random\n  maxTrials: 4\n  parameters:"))
        .when().post("/api/v1/sweeps?fromRun=run-x-0000000a")
        .then().statusCode(400).contentType(PROBLEM)
        .body("violations.field", hasItem("sweep.parameters.fineTune.learningRate.min"));
  }

  @Test
  void missingSourceRunIsABadRequest() {
    yaml(SWEEP)
        .when().post("/api/v1/sweeps")
        .then().statusCode(400).contentType(PROBLEM)
        .body("type", endsWith("/source-run-required"))
        .body("detail", containsString("fromRun"));
  }

  @Test
  void unknownSourceRunIsNotFound() {
    given().contentType(ContentType.JSON)
        .body("{\"name\": \"api-sweep\", \"dataset\": {\"name\": \"mnist\"}, "
            + "\"sweep\": {\"parameters\": {\"fineTune.learningRate\": [0.001]}}}")
        .when().post("/api/v1/sweeps?fromRun=run-nothing-here-0000000f")
        .then().statusCode(404).contentType(PROBLEM)
        .body("status", equalTo(404));
  }

  @Test
  void yamlSentAsJsonIsRefusedBeforeTheSourceRunIsLookedUp() {
    given().contentType(ContentType.JSON).body(SWEEP)
        .when().post("/api/v1/sweeps?fromRun=run-nothing-here-0000000f")
        .then().statusCode(400).contentType(PROBLEM)
        .body("violations[0].field", equalTo("body"))
        .body("violations[0].message", containsString("application/json"));
  }

  @Test
  void unknownSweepIsNotFoundOnEveryEndpoint() {
    given().when().get("/api/v1/sweeps/sweep-nothing-0000000f")
        .then().statusCode(404).contentType(PROBLEM).body("type", endsWith("/sweep-not-found"));
    given().when().get("/api/v1/sweeps/sweep-nothing-0000000f/leaderboard")
        .then().statusCode(404).contentType(PROBLEM);
    given().when().post("/api/v1/sweeps/sweep-nothing-0000000f/trials/0/stop")
        .then().statusCode(404).contentType(PROBLEM);
    given().when().post("/api/v1/sweeps/sweep-nothing-0000000f/cancel")
        .then().statusCode(404).contentType(PROBLEM);
    given().when().get("/api/v1/sweeps/not-a-sweep-id")
        .then().statusCode(404).contentType(PROBLEM);
  }
}
