package ai.pretrain.huggingface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.artifact.Sha256;
import ai.pretrain.data.TestData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.ArtifactStores;
import ai.pretrain.storage.MinioArtifactStore;
import ai.pretrain.storage.SourceObjects;
import ai.pretrain.training.TrainingActivitiesImpl;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.UploadObjectArgs;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pretrain stage with {@code pretrain.from} against the real MinIO server ({@code scripts/services.sh start}): a
 * Hugging Face folder uploaded to the bucket is imported, its files' sha256 key the stage cache, and a folder that
 * is not a supported checkpoint fails the stage for good with a message naming {@code pretrain.from.uri}.
 */
class CheckpointImportTest {

  private static final String BUCKET = "pretrain-artifacts";
  private static final String PREFIX = "checkpoint-import-test-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Path TINY = BertCheckpointParityTest.FIXTURES.resolve("tiny-bert");
  private static final List<String> TINY_FILES = List.of("config.json", "model.safetensors", "tokenizer.json",
      "vocab.txt", "tokenizer_config.json", "special_tokens_map.json");

  private static Map<String, String> env;
  private static MinioClient client;

  private TestActivityEnvironment activities;
  private TrainingActivities training;
  private int runs;

  @BeforeAll
  static void connect() throws Exception {
    env = new HashMap<>();
    for (String name : List.of(ArtifactStores.S3_ENDPOINT, ArtifactStores.S3_ACCESS_KEY,
        ArtifactStores.S3_SECRET_KEY)) {
      String value = System.getenv(name);
      if (value == null || value.isBlank()) {
        fail(name + " is not set: this test needs a real MinIO server. Run `scripts/services.sh start` and "
            + "`source .run/services.env` before `mvn test`.");
      }
      env.put(name, value);
    }
    env.put(ArtifactStores.STORE_URI, "s3://" + BUCKET + "/" + PREFIX + "/store");
    client = ArtifactStores.s3Client(env);
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
  }

  @BeforeEach
  void startWorker() {
    activities = TestActivityEnvironment.newInstance();
    StageRunner stages =
        new StageRunner(new MinioArtifactStore(ArtifactStores.s3Connection(env), BUCKET, PREFIX + "/store"));
    activities.registerActivitiesImplementations(
        new TrainingActivitiesImpl(stages, Duration.ofHours(1), SourceObjects.fromEnvironment(env)));
    training = activities.newActivityStub(TrainingActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stopWorker() {
    activities.close();
  }

  @Test
  void importsTheFolderAndKeysTheCacheByItsFilesSha256() throws Exception {
    String folder = upload("model-a", TINY_FILES, Map.of());

    StageResult imported = pretrain(folder);

    assertFalse(imported.cacheHit());
    assertEquals(2.0, imported.metrics().get("layers"));
    assertEquals(32.0, imported.metrics().get("hiddenSize"));
    assertEquals(1.0, imported.metrics().get("pooler"));
    for (String file : TINY_FILES) {
      assertEquals(Sha256.of(Files.readAllBytes(TINY.resolve(file))), imported.artifact(file).sha256(), file);
    }
    assertTrue(pretrain(folder).cacheHit(), "the same files: the stage cache answers");

    upload("model-a", List.of(), Map.of("tokenizer.json",
        Files.readString(TINY.resolve("tokenizer.json")).replace("\"[UNK]\"", "\"[UNK]\" ")));
    StageResult changed = pretrain(folder);
    assertFalse(changed.cacheHit(), "another tokenizer.json: another cache key");
    assertFalse(changed.cacheKey().equals(imported.cacheKey()));
  }

  /** The real all-MiniLM-L6-v2 (scripts/fetch-data.sh minilm), 87 MiB of weights, through MinIO. */
  @Test
  void importsAllMiniLmL6V2() throws Exception {
    Path minilm = TestData.require("minilm/model.safetensors", "minilm").resolve("minilm");
    String folder = PREFIX + "/models/all-MiniLM-L6-v2/";
    for (String file : TINY_FILES) {
      Path source = minilm.resolve(file);
      client.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(folder + file).filename(source.toString())
          .build());
    }

    StageResult imported = pretrain("s3://" + BUCKET + "/" + folder);

    assertEquals(6.0, imported.metrics().get("layers"));
    assertEquals(384.0, imported.metrics().get("hiddenSize"));
    assertEquals(30522.0, imported.metrics().get("vocabularySize"));
    // BertModel(all-MiniLM-L6-v2).num_parameters() in transformers
    assertEquals(22_713_216.0, imported.metrics().get("parameters"));
    assertEquals("53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        imported.artifact("model.safetensors").sha256());
  }

  @Test
  void aFolderWithoutItsTokenizerIsRefusedNamingTheFile() throws Exception {
    String folder = upload("no-tokenizer", List.of("config.json", "model.safetensors"), Map.of());

    ApplicationFailure failure = refusal(folder);

    assertTrue(failure.getOriginalMessage().startsWith("pretrain.from.uri: " + folder + " has no tokenizer.json"),
        failure.getOriginalMessage());
  }

  @Test
  void anotherModelTypeIsRefusedNamingTheSupportedOnes() throws Exception {
    String gpt2 = Files.readString(TINY.resolve("config.json")).replace("\"bert\"", "\"gpt2\"");
    String folder = upload("gpt2", List.of("model.safetensors", "tokenizer.json"), Map.of("config.json", gpt2));

    ApplicationFailure failure = refusal(folder);

    assertEquals("pretrain.from.uri: config.json: model_type 'gpt2' is not supported; supported: [bert, roberta, xlm-roberta, distilbert, electra]",
        failure.getOriginalMessage());
  }

  @Test
  void aFeedForwardActivationTheImportDoesNotComputeIsRefusedNamingTheSupportedOnes() throws Exception {
    String mish = Files.readString(TINY.resolve("config.json")).replace("\"hidden_act\": \"gelu\"",
        "\"hidden_act\": \"mish\"");
    String folder = upload("mish", List.of("model.safetensors", "tokenizer.json"), Map.of("config.json", mish));

    ApplicationFailure failure = refusal(folder);

    assertEquals("pretrain.from.uri: config.json: hidden_act 'mish' is not supported; supported: [gelu, gelu_new, "
        + "gelu_pytorch_tanh, relu, silu, swish]", failure.getOriginalMessage());
  }

  @Test
  void weightsOfAnotherShapeThanTheConfigAreRefusedNamingTheTensor() throws Exception {
    String wider = Files.readString(TINY.resolve("config.json")).replace("\"intermediate_size\": 64",
        "\"intermediate_size\": 65");
    String folder = upload("wider", List.of("model.safetensors", "tokenizer.json"), Map.of("config.json", wider));

    ApplicationFailure failure = refusal(folder);

    assertTrue(failure.getOriginalMessage().startsWith("pretrain.from.uri: model.safetensors: encoder.layer.0."
        + "intermediate.dense.weight has shape (64, 32) but config.json's architecture needs (65, 32)"),
        failure.getOriginalMessage());
  }

  @Test
  void aBucketOutsideTheAllowlistIsRefusedBeforeAnythingIsRead() {
    ApplicationFailure failure = refusal("s3://someone-elses-bucket/models/bert/");

    assertTrue(failure.getOriginalMessage().startsWith("pretrain.from.uri: "), failure.getOriginalMessage());
  }

  private StageResult pretrain(String folder) {
    RunContext run = new RunContext("run-" + (++runs), "checkpoint-import-test", 42, List.of());
    return training.pretrain(run, PretrainSpec.importing(new CheckpointSpec(folder, null)), null);
  }

  private ApplicationFailure refusal(String folder) {
    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> pretrain(folder));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable(), cause.toString());
    return cause;
  }

  /** Puts the fixture's {@code files} and the {@code replaced} contents under a folder of its own; its URI. */
  private static String upload(String name, List<String> files, Map<String, String> replaced) throws Exception {
    String folder = PREFIX + "/models/" + name + "/";
    for (String file : files) {
      put(folder + file, Files.readAllBytes(TINY.resolve(file)));
    }
    for (Map.Entry<String, String> entry : replaced.entrySet()) {
      put(folder + entry.getKey(), entry.getValue().getBytes(StandardCharsets.UTF_8));
    }
    return "s3://" + BUCKET + "/" + folder;
  }

  private static void put(String key, byte[] content) throws Exception {
    client.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(key).build());
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
        .stream(new ByteArrayInputStream(content), content.length, -1).build());
  }
}
