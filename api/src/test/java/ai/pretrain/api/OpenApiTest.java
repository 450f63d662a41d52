package ai.pretrain.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiTest {

  @Test
  void theDocumentDescribesEveryRunEndpoint() {
    given().queryParam("format", "json").when().get("/q/openapi")
        .then().statusCode(200)
        .body(containsString("\"/api/v1/runs\""))
        .body(containsString("\"/api/v1/runs/{id}\""))
        .body(containsString("\"/api/v1/runs/{id}/cancel\""))
        .body(containsString("\"/api/v1/runs/{id}/artifacts\""))
        .body(containsString("\"/api/v1/runs/{id}/artifacts/{stage}/{name}\""))
        .body(containsString("X-API-Key"));
  }

  @Test
  void swaggerUiIsServedFromTheJar() {
    given().when().get("/q/swagger-ui/")
        .then().statusCode(200).contentType(containsString("text/html")).body(containsString("swagger"));
  }
}
