package ai.pretrain.api.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An API started with a wrong store and Temporal address says so at once and is not ready. */
@QuarkusTest
@TestProfile(BrokenConfigurationProfile.class)
class ConfigurationReadinessTest {

  @Test
  void everyProblemIsReportedInOneStartUpMessage() throws IOException {
    List<String> reports = Files.readAllLines(Path.of(BrokenConfigurationProfile.LOG_FILE)).stream()
        .filter(line -> line.contains("configuration has")).toList();

    assertEquals(1, reports.size(), String.join("\n", reports));
    assertTrue(reports.get(0).contains("4 problems"), reports.get(0));
    String message = Files.readString(Path.of(BrokenConfigurationProfile.LOG_FILE));
    for (String named : List.of("'Pretrain_Artifacts'", "S3_ENDPOINT 'minio:9000'", "S3_ACCESS_KEY",
        "TEMPORAL_ADDRESS 'temporal-frontend:72330'")) {
      assertTrue(message.contains(named), named + " missing from the start-up report:\n" + message);
    }
  }

  @Test
  void readinessFailsNamingEachProblem() {
    given().when().get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks.find { it.name == 'configuration' }.status", equalTo("DOWN"))
        .body("checks.find { it.name == 'configuration' }.data.values()", allOf(
            hasItem(containsString("bucket 'Pretrain_Artifacts'")),
            hasItem(containsString("S3_ENDPOINT")),
            hasItem(containsString("S3_ACCESS_KEY")),
            hasItem(containsString("TEMPORAL_ADDRESS"))));
  }

  @Test
  void livenessStaysUpSoTheProcessIsNotRestartedInALoop() {
    given().when().get("/q/health/live").then().statusCode(200);
  }
}
