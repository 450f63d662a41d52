package ai.pretrain.api.runs;

import static ai.pretrain.api.SpecRequests.PROBLEM;
import static ai.pretrain.api.SpecRequests.spec;
import static ai.pretrain.api.SpecRequests.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
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
 * that lacks a file or declares an unsupported {@code model_type}, or a bucket the platform does not read, is a 400
 * naming the field, and no run starts.
 */
@QuarkusTest
class CheckpointSubmitTest {

  private static final String BUCKET = "pretrain-artifacts";
  private static final String PREFIX = "checkpoint-submit-test-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Path TINY = Path.of("../activities/src/test/resources/hf/tiny-bert");

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
  }

  @Test
  void anUnsupportedModelTypeIs400NamingPretrainFrom() {
    submit("s3://" + BUCKET + "/" + PREFIX + "/gpt2/")
        .body("violations", hasSize(1))
        .body("violations[0].field", equalTo("pretrain.from"))
        .body("violations[0].message", equalTo("config.json: model_type 'gpt2' is not supported; supported: [bert, roberta, xlm-roberta, distilbert]"));
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

  private static io.restassured.response.ValidatableResponse submit(String uri) {
    String yaml = """
        name: %s
        dataset: {name: spam-assassin}
        pretrain:
          from: {uri: '%s'}
        """.formatted(uniqueName(), uri);
    return spec("application/yaml", yaml).when().post("/api/v1/runs")
        .then().statusCode(400).contentType(PROBLEM);
  }

  private static void put(MinioClient client, String key, byte[] content) throws Exception {
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(PREFIX + "/" + key)
        .stream(new ByteArrayInputStream(content), content.length, -1).build());
  }
}
