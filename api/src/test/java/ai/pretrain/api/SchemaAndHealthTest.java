package ai.pretrain.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SchemaAndHealthTest {

  @BeforeAll
  static void requireTemporal() {
    TemporalDevServer.require();
  }

  @Test
  void schemaIsServed() {
    given().when().get("/api/v1/schema/pipeline-spec")
        .then()
        .statusCode(200)
        .body("title", equalTo("Pipeline spec"))
        .body("required", hasItem("dataset"));
  }

  @Test
  void installedPluginsAreListed() {
    given().when().get("/api/v1/plugins")
        .then()
        .statusCode(200)
        .body("datasets.name", equalTo(java.util.List.of("breast-cancer", "diabetes", "iris", "mnist", "wine")))
        .body("textDatasets.name", equalTo(java.util.List.of("spam-assassin")))
        .body("corpora.name", equalTo(java.util.List.of("moby-dick", "sotu")))
        .body("architectures.name", equalTo(java.util.List.of("mlp", "residual-cnn", "transformer")))
        .body("metrics.name", equalTo(java.util.List.of("balanced-accuracy", "matthews-correlation",
            "median-absolute-error")))
        .body("objectives.name", equalTo(java.util.List.of("causal-lm", "contrastive", "denoising-autoencoder", "masked-lm")))
        .body("augmentations.name", hasItem("rotation"))
        .body("augmentations.find { it.name == 'shift' }.summary", containsString("pixels"));
  }

  @Test
  void readyWhenTemporalAnswers() {
    given().when().get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("temporal"));
  }

  @Test
  void unknownPathIsAProblem() {
    given().when().get("/api/v1/nowhere")
        .then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void runCountersAreExported() {
    given().when().get("/q/metrics")
        .then().statusCode(200).body(containsString("pretrain_runs_submitted_total"));
  }
}
