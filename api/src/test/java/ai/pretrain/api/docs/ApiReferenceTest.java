package ai.pretrain.api.docs;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/api.md is the OpenAPI document this API serves, rendered; with {@code -Ddocs.regenerate=true} the
 * test rewrites it instead of failing.
 */
@QuarkusTest
class ApiReferenceTest {

  @Test
  void apiReferenceFollowsTheServedOpenApiDocument() throws Exception {
    String document = given().queryParam("format", "json").when().get("/q/openapi")
        .then().statusCode(200).extract().asString();
    GeneratedPage.check(RepositoryFiles.root().resolve("docs/reference/api.md"),
        OpenApiReference.render(new ObjectMapper().readTree(document)));
  }
}
