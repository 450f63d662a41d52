package ai.pretrain.api.schedules;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.spec;
import static ai.pretrain.api.SpecRequests.terminate;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static ai.pretrain.api.SpecRequests.yaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.ApiKeysProfile;
import ai.pretrain.api.TemporalDevServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schedules on the real Temporal dev server: owner and roles as for runs, every bad input a 400 naming its field. */
@QuarkusTest
@TestProfile(SchedulesProfile.class)
class ScheduleResourceTest {

  private static final String SCHEDULES = "/api/v1/schedules";

  @Inject WorkflowClient client;

  @BeforeAll
  static void requireTemporal() {
    TemporalDevServer.require();
  }

  @Test
  void theOwnerSeesPausesTriggersAndAnAdminDeletesWhileOthersSeeNothing() throws Exception {
    String name = uniqueName();
    // 03:00 on the first of January: no start comes due while the test runs, and there are next runs to show
    String id = as(ApiKeysProfile.ALICE).contentType(ContentType.JSON)
        .body(Map.of("spec", yaml(name), "cron", "0 3 1 1 *", "overlap", "bufferOne"))
        .when().post(SCHEDULES)
        .then().statusCode(201)
        .header("Location", containsString(SCHEDULES + "/schedule-" + name + "-"))
        .body("pipeline", equalTo(name))
        .body("owner", equalTo("alice"))
        .body("cron", equalTo("0 3 1 1 *"))
        .body("overlap", equalTo("bufferOne"))
        .body("paused", equalTo(false))
        .body("nextRuns[0]", containsString("-01-01T03:00:00Z"))
        .body("temporalUi", containsString("/namespaces/default/schedules/schedule-" + name))
        .extract().path("scheduleId");
    String runId = null;
    try {
      as(ApiKeysProfile.BOB).when().get(SCHEDULES + "/" + id).then().statusCode(404).contentType(PROBLEM);
      as(ApiKeysProfile.VIEWER).when().get(SCHEDULES + "/" + id).then().statusCode(404);
      as(ApiKeysProfile.ADMIN).when().get(SCHEDULES + "/" + id).then().statusCode(200);
      as(ApiKeysProfile.VIEWER).when().post(SCHEDULES + "/" + id + "/pause").then().statusCode(403);
      as(ApiKeysProfile.BOB).when().post(SCHEDULES + "/" + id + "/trigger").then().statusCode(404);
      as(ApiKeysProfile.BOB).when().delete(SCHEDULES + "/" + id).then().statusCode(404);

      as(ApiKeysProfile.ALICE).when().post(SCHEDULES + "/" + id + "/pause").then().statusCode(200)
          .body("paused", equalTo(true));
      as(ApiKeysProfile.ALICE).when().post(SCHEDULES + "/" + id + "/unpause").then().statusCode(200)
          .body("paused", equalTo(false));
      as(ApiKeysProfile.ALICE).when().post(SCHEDULES + "/" + id + "/trigger").then().statusCode(202)
          .body("status", equalTo("TRIGGERED"));
      runId = recentRun(id);
      assertTrue(runId.startsWith("run-" + name + "-"), runId);
      // the scheduled run is alice's like one she submitted: she sees it, bob does not
      as(ApiKeysProfile.ALICE).when().get("/api/v1/runs/" + runId).then().statusCode(200);
      as(ApiKeysProfile.BOB).when().get("/api/v1/runs/" + runId).then().statusCode(404);
      assertTrue(listed(ApiKeysProfile.ALICE, id), "alice lists her schedule");
      assertFalse(listed(ApiKeysProfile.BOB, id), "bob does not list alice's schedule");

      as(ApiKeysProfile.ADMIN).when().delete(SCHEDULES + "/" + id).then().statusCode(204);
      as(ApiKeysProfile.ALICE).when().get(SCHEDULES + "/" + id).then().statusCode(404);
    } finally {
      if (runId != null) {
        terminate(client, runId);
      }
      as(ApiKeysProfile.ADMIN).when().delete(SCHEDULES + "/" + id);
    }
  }

  @Test
  void everyBadInputIsAProblemNamingTheField() {
    String spec = yaml(uniqueName());
    refused(Map.of("spec", spec), "cron");
    refused(Map.of("spec", spec, "cron", "0 3 * * *", "interval", "PT1H"), "interval");
    refused(Map.of("spec", spec, "interval", "PT5S"), "interval");
    refused(Map.of("spec", spec, "interval", "daily"), "interval");
    refused(Map.of("spec", spec, "cron", "every day at three"), "cron");
    refused(Map.of("spec", spec, "cron", "99 99 * * *"), "cron");
    refused(Map.of("spec", spec, "cron", "0 3 * * *", "overlap", "sometimes"), "overlap");
    refused(Map.of("cron", "0 3 * * *"), "spec");
    refused(Map.of("spec", Map.of("dataset", Map.of("name", "mnist")), "cron", "0 3 * * *"), "name");
    refused(Map.of("spec", spec + "notify: [{url: 'https://hooks.example.com/x'}]\n", "cron", "0 3 * * *"),
        "notify[0].url");
    refused(Map.of("spec", spec + "resources: {fineTune: {taskQueue: gpu-h100}}\n", "cron", "0 3 * * *"),
        "resources.fineTune.taskQueue");
    as(ApiKeysProfile.ALICE).when().get(SCHEDULES + "/schedule-none-00000000").then().statusCode(404)
        .contentType(PROBLEM);
  }

  @Test
  void aRunsWebhooksAndWorkerPoolsAreCheckedAgainstTheOperatorsAllowlistsAtSubmit() {
    String name = uniqueName();
    submit(yaml(name) + "notify: [{url: 'https://hooks.example.com/x'}]\n").statusCode(400)
        .body("violations.field", hasItem("notify[0].url"))
        .body("violations.message", hasItem(containsString("PRETRAIN_WEBHOOK_HOSTS: 127.0.0.2, localhost")));
    submit(yaml(name) + "notify: [{url: 'http://localhost:8080/x'}]\n").statusCode(400)
        .body("violations.message", hasItem(containsString("resolves to 127.0.0.1")));
    submit(yaml(name) + "notify: [{url: 'ftp://127.0.0.2/x'}]\n").statusCode(400)
        .body("violations.field", hasItem(startsWith("notify[0].url")));
    submit(yaml(name) + "resources: {pretrain: {taskQueue: gpu-h100}}\n").statusCode(400)
        .body("violations.field", hasItem("resources.pretrain.taskQueue"))
        .body("violations.message", hasItem(containsString("use one of pretrain-gpu, gpu-a100")));
    String runId = submit(yaml(name) + "notify: [{url: 'http://127.0.0.2:9/x', events: [failed]}]\n"
        + "resources: {pretrain: {taskQueue: gpu-a100}}\n").statusCode(202).extract().path("runId");
    terminate(client, runId);
  }

  private io.restassured.response.ValidatableResponse submit(String yaml) {
    return spec("application/yaml", yaml).header("X-API-Key", ApiKeysProfile.ALICE).when().post("/api/v1/runs")
        .then().contentType(not(equalTo("")));
  }

  private static void refused(Map<String, Object> body, String field) {
    as(ApiKeysProfile.ALICE).contentType(ContentType.JSON).body(body)
        .when().post(SCHEDULES)
        .then().statusCode(400).contentType(PROBLEM)
        .body("violations.field", hasItem(field));
  }

  private static RequestSpecification as(String key) {
    return given().header("X-API-Key", key);
  }

  private static String recentRun(String id) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      List<String> runs = as(ApiKeysProfile.ALICE).when().get(SCHEDULES + "/" + id).then().statusCode(200)
          .extract().path("recentRuns.runId");
      if (!runs.isEmpty()) {
        return runs.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the triggered run never appeared among the schedule's recent runs");
  }

  /** Listing reads Temporal's visibility store, which shows a new schedule within moments. */
  private static boolean listed(String key, String id) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      List<String> ids = as(key).when().get(SCHEDULES).then().statusCode(200).extract().path("schedules.scheduleId");
      if (ids.contains(id)) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }
}
