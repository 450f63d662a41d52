package ai.pretrain.api.auth;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.spec;
import static ai.pretrain.api.SpecRequests.terminate;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static ai.pretrain.api.SpecRequests.yaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.api.ApiKeysProfile;
import ai.pretrain.api.TemporalDevServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributeKey;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ApiKeysProfile.class)
class ApiKeyAuthTest {

  @Inject WorkflowClient client;
  @Inject AnonymousAccessWarning anonymousAccess;

  @BeforeAll
  static void requireTemporal() {
    TemporalDevServer.require();
  }

  @Test
  void noAnonymousWarningWhenKeysAreConfigured() {
    assertEquals(Optional.empty(), anonymousAccess.warning());
  }

  @Test
  void noKeyOrAnUnknownKeyIs401() {
    given().when().get("/api/v1/runs")
        .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", containsString("Bearer"));
    given().header("Authorization", "Bearer not-a-key").when().get("/api/v1/runs")
        .then().statusCode(401).contentType(PROBLEM).body("detail", not(containsString("not-a-key")));
    given().header("X-API-Key", "not-a-key").when().get("/api/v1/runs/run-x-00000000")
        .then().statusCode(401);
    spec("application/yaml", yaml(uniqueName())).when().post("/api/v1/runs").then().statusCode(401);
  }

  @Test
  void healthMetricsAndTheApiDocumentStayOpen() {
    given().when().get("/q/health/ready").then().statusCode(200);
    given().when().get("/q/metrics").then().statusCode(200);
    given().when().get("/q/openapi").then().statusCode(200);
  }

  @Test
  void aViewerMayReadButNotSubmitOrCancel() {
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/runs").then().statusCode(200);
    spec("application/yaml", yaml(uniqueName())).header("X-API-Key", ApiKeysProfile.VIEWER)
        .when().post("/api/v1/runs")
        .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("viewer"));
    given().header("Authorization", "Bearer " + ApiKeysProfile.VIEWER)
        .when().post("/api/v1/runs/run-x-00000000/cancel")
        .then().statusCode(403).contentType(PROBLEM);
  }

  @Test
  void ownersSeeOnlyTheirOwnRunsAndAdminsSeeAll() throws Exception {
    String name = uniqueName();
    String runId = spec("application/yaml", yaml(name)).header("Authorization", "Bearer " + ApiKeysProfile.ALICE)
        .when().post("/api/v1/runs")
        .then().statusCode(202).extract().path("runId");
    try {
      // The owner, never the key, is what the run carries.
      WorkflowExecutionDescription described = client.newUntypedWorkflowStub(runId).describe();
      assertEquals("alice", described.getMemo("owner", String.class));
      assertEquals("alice", described.getTypedSearchAttributes().get(SearchAttributeKey.forKeyword("Owner")));
      assertFalse(described.getRawDescription().toString().contains(ApiKeysProfile.ALICE));

      given().header("X-API-Key", ApiKeysProfile.ALICE).when().get("/api/v1/runs/" + runId)
          .then().statusCode(200).body("owner", equalTo("alice"));
      given().header("X-API-Key", ApiKeysProfile.BOB).when().get("/api/v1/runs/" + runId)
          .then().statusCode(404).contentType(PROBLEM);
      given().header("X-API-Key", ApiKeysProfile.BOB).when().get("/api/v1/runs/" + runId + "/artifacts")
          .then().statusCode(404);
      given().header("X-API-Key", ApiKeysProfile.BOB).when().post("/api/v1/runs/" + runId + "/cancel")
          .then().statusCode(404);
      given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/runs/" + runId)
          .then().statusCode(404);
      given().header("X-API-Key", ApiKeysProfile.ADMIN).when().get("/api/v1/runs/" + runId)
          .then().statusCode(200).body("runId", equalTo(runId));

      // Alice's list has the run; Bob's never does, even when he asks for Alice's runs by name.
      JsonPath alices = awaitListed(ApiKeysProfile.ALICE, name, runId);
      assertEquals(List.of("alice"), alices.getList("runs.owner").stream().distinct().toList());
      given().header("X-API-Key", ApiKeysProfile.BOB).queryParam("name", name).queryParam("owner", "alice")
          .when().get("/api/v1/runs")
          .then().statusCode(200).body("runs.size()", equalTo(0));
      given().header("X-API-Key", ApiKeysProfile.BOB).when().get("/api/v1/runs")
          .then().statusCode(200).body("runs.owner", everyItem(equalTo("bob")));
      given().header("X-API-Key", ApiKeysProfile.ADMIN).queryParam("owner", "alice").queryParam("name", name)
          .when().get("/api/v1/runs")
          .then().statusCode(200).body("runs.runId", hasItem(runId));

      given().header("X-API-Key", ApiKeysProfile.ALICE).when().post("/api/v1/runs/" + runId + "/cancel")
          .then().statusCode(202);
    } finally {
      terminate(client, runId);
    }
  }

  @Test
  void theSameIdempotencyKeyFromTwoOwnersStartsTwoRuns() {
    String name = uniqueName();
    String alices = spec("application/yaml", yaml(name)).header("X-API-Key", ApiKeysProfile.ALICE)
        .header("Idempotency-Key", "shared-key").when().post("/api/v1/runs")
        .then().statusCode(202).extract().path("runId");
    String bobs = spec("application/yaml", yaml(name)).header("X-API-Key", ApiKeysProfile.BOB)
        .header("Idempotency-Key", "shared-key").when().post("/api/v1/runs")
        .then().statusCode(202).extract().path("runId");
    terminate(client, alices);
    terminate(client, bobs);
    assertNotEquals(alices, bobs);
  }

  private static JsonPath awaitListed(String key, String name, String runId) throws InterruptedException {
    JsonPath page = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      page = given().header("X-API-Key", key).queryParam("name", name).when().get("/api/v1/runs")
          .then().statusCode(200).extract().jsonPath();
      if (page.getList("runs.runId").contains(runId)) {
        return page;
      }
      Thread.sleep(200);
    }
    fail(runId + " never appeared in its owner's list: " + page.prettify());
    return page;
  }
}
