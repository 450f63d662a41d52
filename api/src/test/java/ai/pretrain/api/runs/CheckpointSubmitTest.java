package ai.pretrain.api.runs;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.spec;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.storage.ArtifactStores;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code pretrain.from} is checked at submit against the real MinIO ({@code scripts/services.sh start}): a folder
 * that lacks a file or declares an unsupported {@code model_type}, a bucket the platform does not read, or a freeze or
 * LoRA glob that names no layer of the checkpoint's family, is a 400 naming the field, and no run starts; a BERT,
 * RoBERTa or DistilBERT folder with globs on its own layer names starts one.
 */
@QuarkusTest
class CheckpointSubmitTest {

  private static final String BUCKET = "pretrain-artifacts";
  private static final String PREFIX = "checkpoint-submit-test-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Path FIXTURES = Path.of("../activities/src/test/resources/hf");
  private static final Path TINY = FIXTURES.resolve("tiny-bert");

  @BeforeAll
  static void uploadFolders() throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String name : List.of(ArtifactStores.S3_ENDPOINT, ArtifactStores.S3_ACCESS_KEY,
        ArtifactStores.S3_SECRET_KEY)) {
      String value = System.getenv(name);
      if (value == null || value.isBlank()) {
        fail(name + " is not set: this test needs a real MinIO server. Run `scripts/services.sh start` and "
            + "`source .run/services.env` before `mvn test`.");
      }
      env.put(name, value);
    }
    MinioClient client = ArtifactStores.s3Client(env);
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
    String gpt2 = Files.readString(TINY.resolve("config.json")).replace("\"bert\"", "\"gpt2\"");
    put(client, "gpt2/config.json", gpt2.getBytes(StandardCharsets.UTF_8));
    for (String file : List.of("model.safetensors", "tokenizer.json")) {
      put(client, "gpt2/" + file, Files.readAllBytes(TINY.resolve(file)));
    }
    for (String file : List.of("config.json", "model.safetensors")) {
      put(client, "no-tokenizer/" + file, Files.readAllBytes(TINY.resolve(file)));
    }
    String untyped = Files.readString(TINY.resolve("config.json")).replace("\"model_type\": \"bert\",", "");
    put(client, "untyped/config.json", untyped.getBytes(StandardCharsets.UTF_8));
    for (String file : List.of("model.safetensors", "tokenizer.json")) {
      put(client, "untyped/" + file, Files.readAllBytes(TINY.resolve(file)));
    }
    Path sharded = FIXTURES.resolve("variants/sharded");
    for (String file : List.of("config.json", "model.safetensors.index.json", "model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors")) {
      put(client, "sharded/" + file, Files.readAllBytes(sharded.resolve(file)));
    }
    put(client, "sharded/tokenizer.json", Files.readAllBytes(TINY.resolve("tokenizer.json")));
    for (String fixture : List.of("tiny-bert", "tiny-roberta", "tiny-distilbert", "tiny-electra")) {
      try (var files = Files.list(FIXTURES.resolve(fixture))) {
        for (Path file : files.toList()) {
          put(client, fixture + "/" + file.getFileName(), Files.readAllBytes(file));
        }
      }
    }
  }

  @Test
  void aRobertaFolderWithItsVocabularyAndMergesAndLoraOnItsOwnLayerNamesStartsARun() {
    submit("tiny-roberta", "{lora: {rank: 4, layers: ['encoder.layer.*.attention.self.query']}}")
        .statusCode(202);
  }

  @Test
  void aDistilBertFolderWithLoraAndFreezingOnItsOwnLayerNamesStartsARun() {
    submit("tiny-distilbert", "{lora: {rank: 4, layers: ['transformer.layer.*.attention.q_lin']}, "
        + "freeze: ['transformer.layer.0.*']}").statusCode(202);
  }

  @Test
  void anElectraFolderWithLoraOnItsEmbeddingProjectionAndFrozenEmbeddingsStartsARun() {
    submit("tiny-electra", "{lora: {rank: 4, layers: ['embeddings_project', 'encoder.layer.*.attention.self.value']}, "
        + "freeze: ['embeddings.*']}").statusCode(202);
  }

  @Test
  void aLoraLayerOfAnotherFamilyIs400ListingTheCheckpointsLinearLayers() {
    refused("tiny-distilbert", "{lora: {layers: ['encoder.layer.*.attention.self.query']}}")
        .body("violations", hasSize(1))
        .body("violations[0].field", equalTo("adapt.lora.layers"))
        .body("violations[0].message", startsWith("'encoder.layer.*.attention.self.query' matches no linear layer "
            + "of the checkpoint; they are transformer.layer.0.attention.q_lin, transformer.layer.0.attention.k_lin, "))
        .body("violations[0].message", endsWith("transformer.layer.1.ffn.lin2, pre_classifier, classifier"));
    refused("tiny-roberta", "{lora: {layers: ['transformer.layer.*.attention.q_lin']}}")
        .body("violations", hasSize(1))
        .body("violations[0].field", equalTo("adapt.lora.layers"))
        .body("violations[0].message", containsString("they are encoder.layer.0.attention.self.query, "))
        .body("violations[0].message", endsWith("encoder.layer.1.output.dense, classifier.dense, classifier.out_proj"));
    refused("tiny-bert", "{lora: {layers: ['transformer.layer.*.attention.q_lin']}}")
        .body("violations[0].field", equalTo("adapt.lora.layers"))
        .body("violations[0].message", endsWith("encoder.layer.1.output.dense, pooler.dense, classifier"));
  }

  @Test
  void aFreezeGlobThatMatchesNoLayerOfTheCheckpointIs400ListingItsLayers() {
    refused("tiny-distilbert", "{freeze: ['encoder.layer.0.*', 'embeddings.*']}")
        .body("violations", hasSize(1))
        .body("violations[0].field", equalTo("adapt.freeze"))
        .body("violations[0].message", startsWith("'encoder.layer.0.*' matches no layer of the checkpoint; its "
            + "layers are embeddings.word_embeddings, embeddings.position_embeddings, embeddings.LayerNorm, "
            + "transformer.layer.0.attention.q_lin, "));
  }

  @Test
  void anUnsupportedModelTypeIs400NamingPretrainFrom() {
    submit("s3://" + BUCKET + "/" + PREFIX + "/gpt2/")
        .body("violations", hasSize(1))
        .body("violations[0].field", equalTo("pretrain.from"))
        .body("violations[0].message", equalTo("config.json: model_type 'gpt2' is not supported; supported: [bert, roberta, xlm-roberta, distilbert, electra]"));
  }

  @Test
  void theDefaultSequenceLengthBeyondTheCheckpointsPositionsIs400NamingTheField() {
    String yaml = """
        name: %s
        dataset: {name: spam-assassin}
        pretrain:
          from: {uri: 's3://%s/%s/tiny-bert/'}
        """.formatted(uniqueName(), BUCKET, PREFIX);
    spec("application/yaml", yaml).when().post("/api/v1/runs").then().statusCode(400).contentType(PROBLEM)
        .body("violations", hasSize(1))
        .body("violations[0].field", equalTo("fineTune.maxSequenceLength"))
        .body("violations[0].message", equalTo("is 128 (the default) but the checkpoint's positions "
            + "(max_position_embeddings 64) hold at most 64 tokens; set it to 64 or less"));
  }

  @Test
  void aConfigWithoutModelTypeIs400NamingPretrainFrom() {
    submit("s3://" + BUCKET + "/" + PREFIX + "/untyped/")
        .body("violations", hasSize(1))
        .body("violations[0].field", equalTo("pretrain.from"))
        .body("violations[0].message", equalTo("config.json has no model_type; a Hugging Face config names its "
            + "architecture (save_pretrained writes it), one of [bert, roberta, xlm-roberta, distilbert, electra]"));
  }

  @Test
  void shardedWeightsAre400WithTheCallThatMergesThem() {
    submit("s3://" + BUCKET + "/" + PREFIX + "/sharded/")
        .body("violations", hasSize(1))
        .body("violations[0].field", equalTo("pretrain.from.uri"))
        .body("violations[0].message", containsString("holds its weights in shards (model.safetensors.index.json); "
            + "the import reads one model.safetensors: merge them with AutoModel.from_pretrained(folder)"
            + ".save_pretrained(folder, max_shard_size=\"100GB\")"));
  }

  @Test
  void aFolderWithoutItsTokenizerIs400NamingTheFile() {
    submit("s3://" + BUCKET + "/" + PREFIX + "/no-tokenizer/")
        .body("violations.field", hasItem("pretrain.from.uri"))
        .body("violations[0].message", containsString("has no tokenizer.json"))
        .body("violations[0].message", containsString("AutoTokenizer.from_pretrained(folder).save_pretrained(folder)"));
  }

  @Test
  void aBucketThePlatformDoesNotReadIs400() {
    submit("s3://someone-elses-bucket/models/bert/")
        .body("violations.field", hasItem("pretrain.from.uri"))
        .body("violations[0].message", containsString("someone-elses-bucket"));
  }

  /** A run from one of the fixture folders, with {@code adapt} (YAML flow style). */
  private static io.restassured.response.ValidatableResponse submit(String fixture, String adapt) {
    String yaml = """
        name: %s
        dataset: {name: spam-assassin}
        pretrain:
          from: {uri: 's3://%s/%s/%s/'}
        adapt: %s
        fineTune: {maxSequenceLength: 32}
        """.formatted(uniqueName(), BUCKET, PREFIX, fixture, adapt);
    return spec("application/yaml", yaml).when().post("/api/v1/runs").then().log().ifValidationFails();
  }

  private static io.restassured.response.ValidatableResponse refused(String fixture, String adapt) {
    return submit(fixture, adapt).statusCode(400).contentType(PROBLEM);
  }

  private static io.restassured.response.ValidatableResponse submit(String uri) {
    String yaml = """
        name: %s
        dataset: {name: spam-assassin}
        pretrain:
          from: {uri: '%s'}
        fineTune: {maxSequenceLength: 32}
        """.formatted(uniqueName(), uri);
    return spec("application/yaml", yaml).when().post("/api/v1/runs")
        .then().statusCode(400).contentType(PROBLEM);
  }

  private static void put(MinioClient client, String key, byte[] content) throws Exception {
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(PREFIX + "/" + key)
        .stream(new ByteArrayInputStream(content), content.length, -1).build());
  }
}
