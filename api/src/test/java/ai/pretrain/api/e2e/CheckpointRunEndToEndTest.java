package ai.pretrain.api.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.storage.ArtifactStores;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real all-MiniLM-L6-v2 ({@code scripts/fetch-data.sh minilm}) uploaded to the real MinIO and named by
 * {@code pretrain.from} in a spec submitted to the API: a real worker process on the real Temporal dev server
 * tokenizes the emails with its tokenizer, imports it, continues its masked-LM pretraining on the emails, fine-tunes
 * it with gradient accumulation, and exports the result as a Hugging Face folder that the API serves (the scratch twin
 * and the other baselines are CheckpointStagesTest's, on a small random BERT: MiniLM on two CPU cores is minutes a
 * model).
 */
@QuarkusTest
class CheckpointRunEndToEndTest {

  private static final String BUCKET = "pretrain-artifacts";
  private static final String FOLDER = "checkpoint-e2e-" + UUID.randomUUID().toString().substring(0, 8)
      + "/all-MiniLM-L6-v2/";
  private static WorkerProcess worker;

  @BeforeAll
  static void uploadMiniLmAndStartWorker() throws Exception {
    TemporalDevServer.require();
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("PRETRAIN_STORE_URI", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY")) {
      if (System.getenv(name) == null || !System.getenv("PRETRAIN_STORE_URI").startsWith("s3://")) {
        fail(name + " is not set to the MinIO that `scripts/services.sh start` runs; source its services.env");
      }
      env.put(name, System.getenv(name));
    }
    Path minilm = Path.of(System.getenv().getOrDefault("PRETRAIN_DATA_ROOT",
        System.getProperty("user.home") + "/.cache/pretrain/data"), "minilm");
    if (!Files.isRegularFile(minilm.resolve("model.safetensors"))) {
      fail("no all-MiniLM-L6-v2 in " + minilm + "; run scripts/fetch-data.sh minilm");
    }
    MinioClient client = ArtifactStores.s3Client(env);
    for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "vocab.txt")) {
      client.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(FOLDER + file)
          .filename(minilm.resolve(file).toString()).build());
    }
    worker = WorkerProcess.start(Path.of("target", "checkpoint-e2e-worker.log"));
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null) {
      worker.close();
    }
  }

  @Test
  void aRunStartsFromMiniLmInTheBucketAndExportsAHuggingFaceClassifier() throws Exception {
    String spec = """
        name: minilm-e2e
        seed: %d
        dataset: {name: spam-assassin}
        prep: {labeledFraction: 0.01, validationFraction: 0.03, testFraction: 0.03}
        pretrain:
          from: {uri: 's3://%s/%s'}
        adapt:
          continuedPretraining: {epochs: 1, batchSize: 8, learningRate: 5.0e-5, maxBatchesPerEpoch: 2}
        fineTune: {epochs: 2, batchSize: 8, gradientAccumulation: 2, learningRate: 1.0e-4, maxSequenceLength: 32}
        evaluate: {baselines: []}
        """.formatted(System.nanoTime() % 1_000_000, BUCKET, FOLDER);
    String runId = given().contentType("application/yaml").body(spec.getBytes()).when().post("/api/v1/runs")
        .then().statusCode(202).extract().path("runId");

    JsonPath run = awaitEnd(runId);

    assertEquals("COMPLETED", run.getString("status"), run.prettify());
    assertEquals(6.0, run.getDouble(field("pretrain", "metrics.layers")));
    assertEquals(22_713_216.0, run.getDouble(field("pretrain", "metrics.parameters")));
    assertEquals("53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        run.getString(field("pretrain", "artifacts.'model.safetensors'.sha256")), run.prettify());
    assertEquals(30522.0, run.getDouble(field("prepareData", "metrics.vocabularySize")));
    assertEquals(32.0, run.getDouble(field("prepareData", "metrics.features")));
    assertTrue(run.getDouble(field("adapt", "metrics.domainPerplexityBefore")) > 1.0, run.prettify());
    assertTrue(run.getDouble(field("evaluate", "metrics.'pretrained.accuracy'")) > 0.0, run.prettify());

    String config = given().when().get("/api/v1/runs/" + runId + "/artifacts/evaluate/huggingface-config.json")
        .then().statusCode(200).extract().asString();
    JsonPath exported = JsonPath.from(config);
    assertEquals("BertForSequenceClassification", exported.getString("architectures[0]"));
    assertEquals("ham", exported.getString("id2label.'0'"));
    assertEquals(384, exported.getInt("hidden_size"));
    for (String file : List.of("huggingface-model.safetensors", "huggingface-tokenizer.json",
        "huggingface-vocab.txt")) {
      given().when().get("/api/v1/runs/" + runId + "/artifacts/evaluate/" + file).then().statusCode(200);
    }
  }

  private static String field(String stage, String field) {
    return "stages.find { it.stage == '" + stage + "' }." + field;
  }

  private static JsonPath awaitEnd(String runId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 900_000;
    while (System.currentTimeMillis() < deadline) {
      JsonPath run = given().when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
      if (!"RUNNING".equals(run.getString("status"))) {
        return run;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("run " + runId + " did not end within 15 minutes");
  }
}
