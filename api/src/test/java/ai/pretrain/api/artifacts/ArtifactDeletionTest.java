package ai.pretrain.api.artifacts;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.spec;
import static ai.pretrain.api.SpecRequests.terminate;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static ai.pretrain.api.SpecRequests.yaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.ApiKeysProfile;
import ai.pretrain.api.FinishedRuns;
import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Deleting a run's artifacts in the real store (MinIO) with real finished runs on the dev server: alice's run
 * prepared the data and pretrained; bob's run reused her prepared data from the stage cache and pretrained its own.
 */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactDeletionTest {

  @Inject WorkflowClient client;
  @Inject StoreReader store;

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
  void sharedOutputsStayUntilTheirLastRunIsDeletedAndLogsGoWithTheRun() throws Exception {
    String name = uniqueName();
    String alices = FinishedRuns.runId(name);
    String bobs = FinishedRuns.runId(name);
    String prepared = folder("prepareData");
    String alicesModel = folder("pretrain");
    String bobsModel = folder("pretrain");
    StageProgress prep = stage("prepareData", prepared, false, alices, "shard-0.bin");
    runs.complete(alices, name, "alice", List.of(prep, stage("pretrain", alicesModel, false, alices, "encoder.zip")));
    runs.complete(bobs, name, "bob", List.of(stage("prepareData", prepared, true, alices, "shard-0.bin"),
        stage("pretrain", bobsModel, false, bobs, "encoder.zip")));
    String log = store.uriOf("runs/" + alices + "/logs/pretrain/attempt-1/00000001.log");
    store.write(log, "epoch 1 loss 0.3\n".getBytes(StandardCharsets.UTF_8));

    // Another owner's run is not found; a viewer may not delete.
    given().header("X-API-Key", ApiKeysProfile.BOB).when().delete("/api/v1/runs/" + alices + "/artifacts")
        .then().statusCode(404).contentType(PROBLEM);
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().delete("/api/v1/runs/" + alices + "/artifacts")
        .then().statusCode(403).contentType(PROBLEM);

    JsonPath first = given().header("X-API-Key", ApiKeysProfile.ALICE)
        .when().delete("/api/v1/runs/" + alices + "/artifacts")
        .then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(alicesModel), first.getList("deleted.prefix"));
    assertEquals(List.of(3), first.getList("deleted.objects"), "stage.json, the encoder and its lineage");
    assertEquals(List.of(prepared), first.getList("kept.prefix"));
    assertEquals(List.of(List.of(bobs)), first.getList("kept.usedBy"));
    assertEquals(List.of(1), first.getList("logs.objects"));
    assertEquals(List.of(), store.list(alicesModel));
    assertEquals(3, store.list(prepared).size());
    assertTrue(store.size(log).isEmpty());
    assertEquals(3, store.list(bobsModel).size());
    given().header("X-API-Key", ApiKeysProfile.ALICE).when().get("/api/v1/runs/" + alices + "/artifacts")
        .then().statusCode(410).contentType(PROBLEM).body("type", containsString("run-artifacts-deleted"));
    // The prepared data Bob's run still uses is kept, but no longer served as Alice's run's.
    given().header("X-API-Key", ApiKeysProfile.ALICE)
        .when().get("/api/v1/runs/" + alices + "/artifacts/prepareData/shard-0.bin")
        .then().statusCode(410).contentType(PROBLEM);
    given().header("X-API-Key", ApiKeysProfile.BOB)
        .when().get("/api/v1/runs/" + bobs + "/artifacts/prepareData/shard-0.bin")
        .then().statusCode(200);

    // Again: nothing left to delete, the same answer otherwise.
    JsonPath again = given().header("X-API-Key", ApiKeysProfile.ALICE)
        .when().delete("/api/v1/runs/" + alices + "/artifacts")
        .then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(0), again.getList("deleted.objects"));
    assertEquals(List.of(prepared), again.getList("kept.prefix"));

    // Bob's run is the last user of the prepared data, so deleting it takes both folders.
    JsonPath last = given().header("X-API-Key", ApiKeysProfile.ADMIN)
        .when().delete("/api/v1/runs/" + bobs + "/artifacts")
        .then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(prepared, bobsModel).stream().sorted().toList(), last.getList("deleted.prefix"));
    assertEquals(List.of(), last.getList("kept"));
    assertEquals(List.of(), store.list(prepared));
    assertEquals(List.of(), store.list(bobsModel));
  }

  @Test
  void aRunningRunsArtifactsAreNotDeleted() {
    String runId = spec("application/yaml", yaml(uniqueName())).header("X-API-Key", ApiKeysProfile.ALICE)
        .when().post("/api/v1/runs")
        .then().statusCode(202).extract().path("runId");
    try {
      given().header("X-API-Key", ApiKeysProfile.ALICE).when().delete("/api/v1/runs/" + runId + "/artifacts")
          .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("running"));
    } finally {
      terminate(client, runId);
    }
  }

  @Test
  void anUnknownRunIs404() {
    given().header("X-API-Key", ApiKeysProfile.ADMIN).when().delete("/api/v1/runs/run-nothing-0000abcd/artifacts")
        .then().statusCode(404).contentType(PROBLEM);
  }

  /** A stage's folder under a fresh cache key, as the stage cache names it. */
  private String folder(String stage) {
    byte[] key = new byte[32];
    new Random().nextBytes(key);
    return store.uriOf("stages/" + stage + "/" + HexFormat.of().formatHex(key) + "/");
  }

  /** A completed stage with one artifact, its lineage sidecar and the manifest, written to the store. */
  private StageProgress stage(String stage, String folder, boolean cacheHit, String producer, String file)
      throws Exception {
    String uri = folder + file;
    if (!cacheHit) {
      store.write(uri, ("weights of " + folder).getBytes(StandardCharsets.UTF_8));
      store.write(uri + ArtifactService.LINEAGE_SUFFIX, ("{\"stage\":\"" + stage + "\",\"runId\":\"" + producer
          + "\",\"createdAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
      store.write(folder + "stage.json", "{}".getBytes(StandardCharsets.UTF_8));
    }
    String key = folder.replaceAll(".*/([0-9a-f]{64})/$", "$1");
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    artifacts.put(file, new ArtifactRef(uri, "0".repeat(64), 10, "checkpoint"));
    return new StageProgress(stage, StageState.COMPLETED, cacheHit, key, Map.of(), artifacts, null);
  }
}
