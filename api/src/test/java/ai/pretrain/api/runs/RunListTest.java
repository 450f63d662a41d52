package ai.pretrain.api.runs;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.spec;
import static ai.pretrain.api.SpecRequests.terminate;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static ai.pretrain.api.SpecRequests.yaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.api.TemporalDevServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RunListTest {

  @Inject WorkflowClient client;

  @BeforeAll
  static void requireTemporal() {
    TemporalDevServer.require();
  }

  @Test
  void listsRunsByNameAndStatusPageByPage() throws Exception {
    String name = uniqueName();
    Instant before = Instant.now().minus(1, ChronoUnit.MINUTES);
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      started.add(spec("application/yaml", yaml(name)).when().post("/api/v1/runs")
          .then().statusCode(202).extract().path("runId"));
    }
    try {
      terminate(client, started.get(0));
      JsonPath all = awaitList(Map.of("name", name), 3);
      assertEquals(name, all.getString("runs[0].name"));
      assertEquals("mnist", all.getString("runs[0].kind"));
      assertEquals("anonymous", all.getString("runs[0].owner"));
      assertEquals("/api/v1/runs/" + all.getString("runs[0].runId"), all.getString("runs[0].self"));

      // Visibility catches up with the termination.
      JsonPath terminated = awaitList(Map.of("name", name, "status", "TERMINATED"), 1);
      assertEquals(started.get(0), terminated.getString("runs[0].runId"));
      assertEquals("TERMINATED", terminated.getString("runs[0].status"));
      assertNotNull(terminated.getString("runs[0].closedAt"));
      awaitList(Map.of("name", name, "status", "RUNNING"), 2);
      awaitList(Map.of("name", name, "status", "running,terminated"), 3);

      // Pages of two: the token leads to the last run, and the last page has no token.
      JsonPath first = list(Map.of("name", name, "pageSize", "2"));
      assertEquals(2, first.getList("runs").size());
      String token = first.getString("nextPageToken");
      assertNotNull(token, "a first page of 2 out of 3 has a next-page token");
      JsonPath second = list(Map.of("name", name, "pageSize", "2", "pageToken", token));
      assertEquals(1, second.getList("runs").size());
      List<String> seen = new ArrayList<>(first.getList("runs.runId"));
      seen.addAll(second.getList("runs.runId"));
      assertThat(seen, containsInAnyOrder(started.toArray()));

      // A time range that ends before the runs started finds none of them; one around them finds all.
      assertEquals(0, list(Map.of("name", name, "to", before.toString())).getList("runs").size());
      assertEquals(3, list(Map.of("name", name, "from", before.toString(),
          "to", Instant.now().plus(1, ChronoUnit.MINUTES).toString())).getList("runs").size());
    } finally {
      started.forEach(runId -> terminate(client, runId));
    }
  }

  @Test
  void invalidParametersAreOne400NamingEachOfThem() {
    given().queryParam("status", "SLEEPING").queryParam("name", "Bad Name!").queryParam("from", "yesterday")
        .queryParam("pageSize", "0").queryParam("pageToken", "***").queryParam("owner", "o'brien")
        .when().get("/api/v1/runs")
        .then().statusCode(400).contentType(PROBLEM)
        .body("title", equalTo("Invalid request"))
        .body("violations.field", containsInAnyOrder("status", "name", "owner", "from", "pageSize", "pageToken"));
    given().queryParam("from", "2026-02-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
        .queryParam("pageSize", "1001")
        .when().get("/api/v1/runs")
        .then().statusCode(400).contentType(PROBLEM)
        .body("violations.field", containsInAnyOrder("to", "pageSize"));
  }

  @Test
  void aTokenTemporalDoesNotKnowIs400() {
    given().queryParam("pageToken", "bm90LWEtdG9rZW4")
        .when().get("/api/v1/runs")
        .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("pageToken"))
        .body("violations[0].message", containsString("Temporal answered"));
  }

  @Test
  void noMatchIsAnEmptyPage() {
    JsonPath page = list(Map.of("name", uniqueName()));
    assertEquals(0, page.getList("runs").size());
    assertNull(page.getString("nextPageToken"));
  }

  private static JsonPath list(Map<String, String> query) {
    return given().queryParams(query).when().get("/api/v1/runs").then().statusCode(200).extract().jsonPath();
  }

  /** Visibility is eventually consistent: polls until the list has the expected size. */
  static JsonPath awaitList(Map<String, String> query, int size) throws InterruptedException {
    JsonPath page = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      page = list(query);
      if (page.getList("runs").size() == size) {
        return page;
      }
      Thread.sleep(200);
    }
    fail("expected " + size + " runs for " + query + ", got " + page.prettify());
    return page;
  }
}
