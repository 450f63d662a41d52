package ai.pretrain.api.registry;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.ApiKeysProfile;
import ai.pretrain.api.FinishedRuns;
import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.api.artifacts.ArtifactService;
import ai.pretrain.api.artifacts.StoreReader;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.artifact.Sha256;
import ai.pretrain.artifact.StoreLayout;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The model registry against the real store (MinIO) and real finished runs on the dev server: each run's evaluate
 * stage exported a model (safetensors, card, a Hugging Face config) written to the store as the worker writes it.
 */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelRegistryTest {

  @Inject WorkflowClient client;
  @Inject StoreReader store;
  @TestHTTPResource("/") URL api;

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
  void aRegisteredVersionKeepsTheRunsExportMetricsAndLineageAndServesItsFiles() {
    String model = uniqueName();
    String runId = exportedRun("alice");

    JsonPath version = register(model, runId, ApiKeysProfile.ALICE)
        .then().statusCode(201).header("Location", containsString("/api/v1/models/" + model + "/versions/1"))
        .extract().jsonPath();
    assertEquals(1, version.getInt("version"));
    assertEquals(runId, version.getString("runId"));
    assertEquals("alice", version.getString("registeredBy"));
    assertTrue(Instant.parse(version.getString("registeredAt")).isAfter(Instant.now().minusSeconds(60)));
    assertEquals("mnist", version.getString("dataset"));
    assertEquals("mnist", version.getString("spec.dataset.name"));
    assertEquals(0.93f, version.getFloat("metrics.find { it.model == 'pretrained' }.accuracy"));
    assertEquals(List.of("huggingface/config.json", "model-card.json", "model.safetensors", "test-examples.json"),
        version.getList("files.name", String.class).stream().sorted().toList());
    assertEquals("evaluate", version.getString("files.find { it.name == 'model.safetensors' }.lineage.stage"));
    assertEquals(runId, version.getString("files.find { it.name == 'model.safetensors' }.lineage.runId"));

    // Every file downloads with the sha256 the run recorded, and the model lists it.
    for (Map<String, Object> file : version.<Map<String, Object>>getList("files")) {
      byte[] bytes = given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get((String) file.get("download"))
          .then().statusCode(200).header("ETag", "\"" + file.get("sha256") + "\"").extract().asByteArray();
      assertEquals(file.get("sha256"), Sha256.of(bytes), "sha256 of " + file.get("name"));
    }
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/models/" + model)
        .then().statusCode(200).body("latestVersion", equalTo(1)).body("versions[0].runId", equalTo(runId));
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/models")
        .then().statusCode(200).body("models.find { it.name == '" + model + "' }.versions", equalTo(1));
    given().header("X-API-Key", ApiKeysProfile.VIEWER)
        .when().get("/api/v1/models/" + model + "/versions/1/files/nothing.bin")
        .then().statusCode(404).contentType(PROBLEM);
  }

  @Test
  void registrationsThatCannotBeAreRefusedNamingWhy() {
    String model = uniqueName();
    String alices = exportedRun("alice");
    register("Not_A_Name", alices, ApiKeysProfile.ALICE).then().statusCode(400).contentType(PROBLEM)
        .body("violations[0].field", equalTo("name")).body("violations[0].message", containsString("[a-z0-9]"));
    given().header("X-API-Key", ApiKeysProfile.ALICE).contentType(ContentType.JSON).body("{}")
        .when().post("/api/v1/models/" + model + "/versions")
        .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("runId"));
    register(model, "run-nothing-0000abcd", ApiKeysProfile.ALICE).then().statusCode(404).contentType(PROBLEM);
    // Another owner's run is not found; a viewer may not register.
    register(model, alices, ApiKeysProfile.BOB).then().statusCode(404).contentType(PROBLEM);
    register(model, alices, ApiKeysProfile.VIEWER).then().statusCode(403).contentType(PROBLEM);

    String noExport = FinishedRuns.runId(uniqueName());
    runs.complete(noExport, "no-export", "alice", List.of(new StageProgress("evaluate", StageState.COMPLETED, false,
        "k", Map.of(), Map.of(), null)));
    register(model, noExport, ApiKeysProfile.ALICE).then().statusCode(409).contentType(PROBLEM)
        .body("detail", containsString("exported no model"));
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/models/" + model)
        .then().statusCode(404).contentType(PROBLEM);
  }

  @Test
  void aliasesMoveWithWhoAndWhenAndGuardTheVersionsTheyPointAt() {
    String model = uniqueName();
    register(model, exportedRun("alice"), ApiKeysProfile.ALICE).then().statusCode(201);
    register(model, exportedRun("bob"), ApiKeysProfile.BOB).then().statusCode(201);

    moveAlias(model, "champion", 1, ApiKeysProfile.ALICE).then().statusCode(200)
        .body("version", equalTo(1)).body("movedBy", equalTo("alice"));
    moveAlias(model, "champion", 2, ApiKeysProfile.BOB).then().statusCode(200)
        .body("version", equalTo(2)).body("movedBy", equalTo("bob"));
    JsonPath champion = given().header("X-API-Key", ApiKeysProfile.VIEWER)
        .when().get("/api/v1/models/" + model + "/aliases/champion").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of(1, 2), champion.getList("history.version"));
    assertEquals(List.of("alice", "bob"), champion.getList("history.movedBy"));
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/models/" + model + "/versions/champion")
        .then().statusCode(200).body("version", equalTo(2));
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/models/" + model)
        .then().statusCode(200).body("aliases[0].alias", equalTo("champion")).body("aliases[0].version", equalTo(2));

    moveAlias(model, "champion", 1, ApiKeysProfile.VIEWER).then().statusCode(403).contentType(PROBLEM);
    moveAlias(model, "champion", 7, ApiKeysProfile.ALICE).then().statusCode(404).contentType(PROBLEM);
    moveAlias(model, "2nd", 1, ApiKeysProfile.ALICE).then().statusCode(400).contentType(PROBLEM)
        .body("violations[0].field", equalTo("alias"));
    given().header("X-API-Key", ApiKeysProfile.ALICE).contentType(ContentType.JSON).body("{\"version\": 0}")
        .when().put("/api/v1/models/" + model + "/aliases/staging")
        .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("version"));

    // Only an admin deletes, and not while an alias points at the version.
    given().header("X-API-Key", ApiKeysProfile.ALICE).when().delete("/api/v1/models/" + model + "/versions/2")
        .then().statusCode(403).contentType(PROBLEM);
    given().header("X-API-Key", ApiKeysProfile.ADMIN).when().delete("/api/v1/models/" + model + "/versions/2")
        .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("champion"));
    moveAlias(model, "champion", 1, ApiKeysProfile.ALICE).then().statusCode(200);
    String weights = given().header("X-API-Key", ApiKeysProfile.VIEWER)
        .when().get("/api/v1/models/" + model + "/versions/2").then().statusCode(200).extract()
        .path("files.find { it.name == 'model.safetensors' }.uri");
    given().header("X-API-Key", ApiKeysProfile.ADMIN).when().delete("/api/v1/models/" + model + "/versions/2")
        .then().statusCode(200).body("deletedBy", equalTo("root"));
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/models/" + model + "/versions/2")
        .then().statusCode(410).contentType(PROBLEM);
    assertTrue(size(weights).isEmpty(), "the deleted version's files are gone");
    given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/models/" + model)
        .then().statusCode(200).body("latestVersion", equalTo(1));
    // A deleted number is never given again.
    register(model, exportedRun("alice"), ApiKeysProfile.ALICE).then().statusCode(201).body("version", equalTo(3));
  }

  @Test
  void twentyConcurrentRegistrationsGetVersionsOneToTwentyEachOnce() throws Exception {
    String model = uniqueName();
    String runId = exportedRun("alice");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(api + "api/v1/models/" + model + "/versions"))
        .header("X-API-Key", ApiKeysProfile.ALICE).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"runId\": \"" + runId + "\"}")).build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(pool.submit(() -> {
          start.await();
          return http.send(request, HttpResponse.BodyHandlers.ofString());
        }));
      }
      start.countDown();
      List<Integer> versions = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        assertEquals(201, response.statusCode(), response.body());
        versions.add(JsonPath.from(response.body()).getInt("version"));
      }
      assertEquals(IntStream.rangeClosed(1, 20).boxed().toList(), versions.stream().sorted().toList());
    } finally {
      pool.shutdownNow();
    }
    JsonPath listed = given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get("/api/v1/models/" + model)
        .then().statusCode(200).extract().jsonPath();
    assertEquals(IntStream.rangeClosed(1, 20).boxed().toList(), listed.getList("versions.version"));
  }

  @Test
  void deletingTheRunsArtifactsKeepsTheRegisteredFiles() throws Exception {
    String model = uniqueName();
    String runId = exportedRun("alice");
    JsonPath version = register(model, runId, ApiKeysProfile.ALICE).then().statusCode(201).extract().jsonPath();

    given().header("X-API-Key", ApiKeysProfile.ALICE).when().delete("/api/v1/runs/" + runId + "/artifacts")
        .then().statusCode(200);
    given().header("X-API-Key", ApiKeysProfile.ALICE).when().get("/api/v1/runs/" + runId + "/artifacts")
        .then().statusCode(410);
    for (Map<String, Object> file : version.<Map<String, Object>>getList("files")) {
      byte[] bytes = given().header("X-API-Key", ApiKeysProfile.VIEWER).when().get((String) file.get("download"))
          .then().statusCode(200).extract().asByteArray();
      assertEquals(file.get("sha256"), Sha256.of(bytes), "sha256 of " + file.get("name"));
    }
    // The run's own copies are gone, and a run whose artifacts were deleted cannot be registered again.
    String evaluated = version.getString("files.find { it.name == 'model.safetensors' }.lineage.uri");
    assertTrue(size(evaluated).isEmpty(), "the run's own " + evaluated + " was deleted");
    register(model, runId, ApiKeysProfile.ALICE).then().statusCode(409).contentType(PROBLEM)
        .body("detail", containsString("deleted"));
  }

  private static Response register(String model, String runId, String key) {
    return given().header("X-API-Key", key).contentType(ContentType.JSON).body("{\"runId\": \"" + runId + "\"}")
        .when().post("/api/v1/models/" + model + "/versions");
  }

  private static Response moveAlias(String model, String alias, int version, String key) {
    return given().header("X-API-Key", key).contentType(ContentType.JSON).body("{\"version\": " + version + "}")
        .when().put("/api/v1/models/" + model + "/aliases/" + alias);
  }

  private Optional<Long> size(String uri) {
    try {
      return store.size(uri);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A completed run of {@code owner} whose evaluate stage exported a model, its files written to the store. */
  private String exportedRun(String owner) {
    String runId = FinishedRuns.runId(uniqueName());
    String dataKey = key();
    String evaluateKey = key();
    Map<String, ArtifactRef> data = new LinkedHashMap<>();
    data.put("test-examples", write("prepareData", dataKey, "test-examples.json", "{\"ids\":[1,2]}", runId));
    Map<String, ArtifactRef> evaluation = new LinkedHashMap<>();
    evaluation.put("model-safetensors", write("evaluate", evaluateKey, "model.safetensors", "weights " + runId, runId));
    evaluation.put("model-card", write("evaluate", evaluateKey, "model-card.json", "{\"task\":\"mnist\"}", runId));
    evaluation.put("huggingface-config.json",
        write("evaluate", evaluateKey, "huggingface/config.json", "{\"model_type\":\"bert\"}", runId));
    evaluation.put("comparison-json", write("evaluate", evaluateKey, "comparison.json", "{}", runId));
    runs.complete(runId, "exported", owner, List.of(
        new StageProgress("prepareData", StageState.COMPLETED, false, dataKey, Map.of(), data, null),
        new StageProgress("evaluate", StageState.COMPLETED, false, evaluateKey,
            Map.of("pretrained.accuracy", 0.93, "scratch.accuracy", 0.81), evaluation, null)));
    return runId;
  }

  /** One artifact with its lineage sidecar and its stage's manifest, as the worker writes them. */
  private ArtifactRef write(String stage, String key, String name, String content, String runId) {
    try {
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      String uri = store.uriOf(StoreLayout.stageObject(stage, key, name));
      store.write(uri, bytes);
      store.write(uri + ArtifactService.LINEAGE_SUFFIX, ("{\"stage\":\"" + stage + "\",\"runId\":\"" + runId
          + "\",\"uri\":\"" + uri + "\",\"createdAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
      store.write(store.uriOf(StoreLayout.stageObject(stage, key, StoreLayout.MANIFEST)),
          "{}".getBytes(StandardCharsets.UTF_8));
      return new ArtifactRef(uri, Sha256.of(bytes), bytes.length, name.endsWith(".json") ? "json" : "model");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String key() {
    byte[] key = new byte[32];
    new Random().nextBytes(key);
    return HexFormat.of().formatHex(key);
  }
}
