package ai.pretrain.api.compare;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.api.ApiKeysProfile;
import ai.pretrain.api.FinishedRuns;
import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Comparing real finished runs on the dev server: two runs of one pipeline that differ in the pretraining learning
 * rate, the second reusing the first's prepared data from the stage cache.
 */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCompareTest {

  @Inject WorkflowClient client;

  private FinishedRuns runs;

  @BeforeAll
  void requireServices() {
    TemporalDevServer.require();
    runs = new FinishedRuns(client);
  }

  @AfterAll
  void stop() {
    runs.close();
  }

  @Test
  void comparesRowsSpecFieldsAndTheStageResultsTheRunsShare() {
    String name = uniqueName();
    String first = FinishedRuns.runId(name);
    String second = FinishedRuns.runId(name);
    runs.completeWithSpec(first, "alice", spec(name, 0.001), List.of(
        stage("prepareData", "data-key", false, Map.of()),
        stage("pretrain", "pretrain-key-1", false, Map.of()),
        stage("evaluate", "evaluate-key-1", false, Map.of("pretrained.accuracy", 0.91, "scratch.accuracy", 0.80))));
    runs.completeWithSpec(second, "alice", spec(name, 0.003), List.of(
        stage("prepareData", "data-key", true, Map.of()),
        stage("pretrain", "pretrain-key-2", false, Map.of()),
        stage("evaluate", "evaluate-key-2", false, Map.of("pretrained.accuracy", 0.94, "scratch.accuracy", 0.80))));

    JsonPath compared = given().header("X-API-Key", ApiKeysProfile.ALICE)
        .when().get("/api/v1/runs/compare?ids=" + first + "," + second)
        .then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(first, second), compared.getList("runs.runId"));
    assertEquals(List.of(0.91f, 0.94f),
        compared.getList("runs.collect { r -> r.comparison.find { it.model == 'pretrained' }.accuracy }"));
    assertEquals(List.of("pretrain.learningRate"), compared.getList("specDiff.field"));
    assertEquals("0.001 -> 0.003", compared.getString("specDiff[0].change"));
    assertEquals(Map.of(first, "0.001", second, "0.003"), compared.getMap("specDiff[0].values"));
    assertEquals(List.of("prepareData"), compared.getList("sharedStages.stage"));
    assertEquals("data-key", compared.getString("sharedStages[0].cacheKey"));
    assertEquals(first, compared.getString("sharedStages[0].producedBy"));
    assertEquals(List.of(second), compared.getList("sharedStages[0].reusedBy"));
  }

  @Test
  void badIdsAreNamedAndOtherOwnersRunsAreNotFound() {
    String name = uniqueName();
    String alices = FinishedRuns.runId(name);
    String bobs = FinishedRuns.runId(name);
    runs.completeWithSpec(alices, "alice", spec(name, 0.001), List.of());
    runs.completeWithSpec(bobs, "bob", spec(name, 0.001), List.of());

    String eleven = String.join(",", Collections.nCopies(11, alices));
    for (String ids : List.of("", "run-x", alices + ",," + bobs, alices + ", " + bobs, eleven)) {
      given().header("X-API-Key", ApiKeysProfile.ALICE).queryParam("ids", ids)
          .when().get("/api/v1/runs/compare")
          .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("ids"));
    }
    given().header("X-API-Key", ApiKeysProfile.ALICE).when().get("/api/v1/runs/compare?ids=" + alices + "," + alices)
        .then().statusCode(200).body("runs.runId", equalTo(List.of(alices)));
    given().header("X-API-Key", ApiKeysProfile.ALICE).when().get("/api/v1/runs/compare?ids=" + alices + "," + bobs)
        .then().statusCode(404).contentType(PROBLEM).body("detail", containsString(bobs));
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/runs/compare?ids=" + alices + "," + bobs)
        .then().statusCode(404).contentType(PROBLEM);
    given().header("X-API-Key", ApiKeysProfile.ADMIN).when().get("/api/v1/runs/compare?ids=" + alices + "," + bobs)
        .then().statusCode(200).body("specDiff", equalTo(List.of())).body("sharedStages", equalTo(List.of()));
  }

  private static String spec(String name, double learningRate) {
    return "name: " + name + "\ndataset:\n  name: mnist\npretrain:\n  learningRate: " + learningRate + "\n";
  }

  private static StageProgress stage(String stage, String key, boolean cacheHit, Map<String, Double> metrics) {
    return new StageProgress(stage, StageState.COMPLETED, cacheHit, key, metrics, Map.of(), null);
  }
}
