package ai.pretrain.api.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.storage.ArtifactStores;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.UploadObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A RoBERTa and a DistilBERT checkpoint (the random fixtures of {@code scripts/make-encoder-fixtures.py}) in the real
 * MinIO, named by {@code pretrain.from} in a spec submitted to the API with the user's own labeled emails by
 * {@code dataset.uri}: a real worker process on the real Temporal dev server tokenizes them with the checkpoint's
 * tokenizer, imports it, continues its masked-LM pretraining, fine-tunes it with LoRA on the family's own layer names,
 * and the API serves the exported transformers classifier with the checkpoint's tokenizer files.
 */
@QuarkusTest
class CheckpointFamilyRunEndToEndTest {

  private static final String BUCKET = "pretrain-artifacts";
  private static final String PREFIX = "checkpoint-family-e2e-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  private static final Path FIXTURES = Path.of("../activities/src/test/resources/hf");
  private static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json",
      "tokenizer_config.json", "special_tokens_map.json");
  private static WorkerProcess worker;

  @BeforeAll
  static void uploadTheEmailsAndStartAWorker() throws Exception {
    TemporalDevServer.require();
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("PRETRAIN_STORE_URI", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY")) {
      if (System.getenv(name) == null || !System.getenv("PRETRAIN_STORE_URI").startsWith("s3://")) {
        fail(name + " is not set to the MinIO that `scripts/services.sh start` runs; source its services.env");
      }
      env.put(name, System.getenv(name));
    }
    MinioClient client = ArtifactStores.s3Client(env);
    byte[] emails = emails();
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(PREFIX + "emails.jsonl")
        .stream(new ByteArrayInputStream(emails), emails.length, -1).build());
    for (String fixture : List.of("tiny-roberta", "tiny-distilbert", "tiny-electra")) {
      List<String> files = new ArrayList<>(FILES);
      files.addAll(fixture.equals("tiny-roberta") ? List.of("vocab.json", "merges.txt") : List.of("vocab.txt"));
      for (String file : files) {
        client.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(PREFIX + fixture + "/" + file)
            .filename(FIXTURES.resolve(fixture).resolve(file).toString()).build());
      }
    }
    worker = WorkerProcess.start(Path.of("target", "checkpoint-family-e2e-worker.log"));
  }

  @AfterAll
  static void stopWorker() throws Exception {
    if (worker != null) {
      worker.close();
    }
  }

  @ParameterizedTest
  @CsvSource({
      "tiny-roberta, roberta, RobertaForSequenceClassification, encoder.layer.*.attention.self.query, 16, vocab.json",
      "tiny-distilbert, distilbert, DistilBertForSequenceClassification, transformer.layer.*.attention.q_lin, 24, "
          + "vocab.txt",
      "tiny-electra, electra, ElectraForSequenceClassification, encoder.layer.*.attention.self.query, 16, vocab.txt"})
  void aRunFromTheFamilysCheckpointOnEmailsByUriExportsTransformersClassifier(String fixture, String modelType,
      String architecture, String queries, int hidden, String vocabulary) throws Exception {
    String spec = """
        name: %s-e2e
        seed: %d
        dataset: {uri: 's3://%s/%semails.jsonl', label: label, text: text}
        prep: {validationFraction: 0.2, testFraction: 0.2}
        pretrain:
          from: {uri: 's3://%s/%s%s/'}
        adapt:
          lora: {rank: 4, layers: ['%s']}
          continuedPretraining: {epochs: 1, batchSize: 8, maxBatchesPerEpoch: 2}
        fineTune: {epochs: 1, batchSize: 8, learningRate: 2.0e-3, maxSequenceLength: 32}
        evaluate: {baselines: []}
        """.formatted(fixture, System.nanoTime() % 1_000_000, BUCKET, PREFIX, BUCKET, PREFIX, fixture, queries);
    String runId = given().contentType("application/yaml").body(spec.getBytes(StandardCharsets.UTF_8))
        .when().post("/api/v1/runs").then().statusCode(202).extract().path("runId");

    JsonPath run = awaitEnd(runId);

    assertEquals("COMPLETED", run.getString("status"), run.prettify());
    assertEquals(32.0, run.getDouble(field("prepareData", "metrics.features")));
    assertEquals(1.0, run.getDouble(field("pretrain", "metrics.maskedLanguageModelHead")));
    assertTrue(run.getDouble(field("adapt", "metrics.domainPerplexityBefore")) > 1.0, run.prettify());
    // two layers' adapters (4 x h and h x 4) and the whole new head: dense (h x h + h) and the output (2 x h + 2)
    assertEquals(2 * 8 * hidden + hidden * hidden + hidden + 2 * hidden + 2,
        run.getDouble(field("fineTune", "metrics.trainableParameters")), run.prettify());
    JsonPath exported = JsonPath.from(given().when()
        .get("/api/v1/runs/" + runId + "/artifacts/evaluate/huggingface-config.json")
        .then().statusCode(200).extract().asString());
    assertEquals(modelType, exported.getString("model_type"));
    assertEquals(architecture, exported.getString("architectures[0]"));
    assertEquals("ham", exported.getString("id2label.'0'"));
    assertEquals("spam", exported.getString("id2label.'1'"));
    for (String file : List.of("model.safetensors", "tokenizer.json", vocabulary)) {
      given().when().get("/api/v1/runs/" + runId + "/artifacts/evaluate/huggingface-" + file).then().statusCode(200);
    }
  }

  /** 80 short emails, half of them spam, as JSON lines with a text and a label column. */
  private static byte[] emails() {
    List<String> ham = List.of("meeting", "project", "schedule", "report", "lunch", "team", "review", "notes");
    List<String> spam = List.of("win", "free", "prize", "cash", "offer", "click", "now", "money");
    Random random = new Random(7);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 80; i++) {
      List<String> words = i % 2 == 0 ? ham : spam;
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 20 + random.nextInt(40); w++) {
        text.append(w == 0 ? "" : " ").append(words.get(random.nextInt(words.size())));
      }
      lines.append("{\"text\": \"").append(text).append("\", \"label\": \"").append(i % 2 == 0 ? "ham" : "spam")
          .append("\"}\n");
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String field(String stage, String field) {
    return "stages.find { it.stage == '" + stage + "' }." + field;
  }

  private static JsonPath awaitEnd(String runId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 600_000;
    while (System.currentTimeMillis() < deadline) {
      JsonPath run = given().when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
      if (!"RUNNING".equals(run.getString("status"))) {
        return run;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("run " + runId + " did not end within 10 minutes");
  }
}
