package ai.pretrain.api.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A method a path does not have is a 405 naming the ones it has; OPTIONS lists exactly those; nothing is routed. */
@QuarkusTest
class UndeclaredMethodsTest {

  @Test
  void traceOnARunIs405WithItsMethods() {
    given().when().request("TRACE", "/api/v1/runs/run-x-0000abcd")
        .then().statusCode(405).header("Allow", equalTo("GET, HEAD, OPTIONS"))
        .contentType(containsString(Problem.MEDIA_TYPE)).body("type", containsString("method-not-allowed"));
  }

  @Test
  void aPathThatSharesItsPrefixWithAnotherResourceIs405Not404() {
    given().when().put("/api/v1/runs/run-x-0000abcd/artifacts")
        .then().statusCode(405).header("Allow", equalTo("DELETE, GET, HEAD, OPTIONS"));
  }

  @Test
  void optionsListsOnlyThePathsOwnMethods() {
    given().when().options("/api/v1/runs/run-x-0000abcd/cancel")
        .then().statusCode(200).header("Allow", equalTo("OPTIONS, POST"));
    given().when().options("/api/v1/runs")
        .then().statusCode(200).header("Allow", equalTo("GET, HEAD, OPTIONS, POST"));
  }

  @Test
  void aMalformedJsonBodyIsAProblemNamingTheBody() {
    given().contentType("application/json").body("[null]").when().post("/api/v1/codec/decode")
        .then().statusCode(400).contentType(containsString(Problem.MEDIA_TYPE))
        .body("violations[0].field", equalTo("body"));
  }

  @Test
  void followMustBeTrueOrFalse() {
    given().queryParam("follow", "yes").when().get("/api/v1/runs/run-x-0000abcd/stages/pretrain/logs")
        .then().statusCode(400).body("violations[0].field", equalTo("follow"));
    given().when().get("/api/v1/runs/run-x-0000abcd/stages/pretrain/logs?follow=")
        .then().statusCode(400).body("violations[0].field", equalTo("follow"));
  }
}
