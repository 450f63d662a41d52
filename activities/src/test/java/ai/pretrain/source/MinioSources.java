package ai.pretrain.source;

import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.storage.ArtifactStores;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real MinIO server of {@code scripts/services.sh start}, where a test uploads its source data under a prefix
 * of its own in the store's bucket, as a user would with any S3 client.
 */
public final class MinioSources {

  public static final String BUCKET = "pretrain-artifacts";

  private final Map<String, String> env = new HashMap<>();
  private final MinioClient client;
  private final String prefix;

  public MinioSources(String test) throws Exception {
    for (String name : List.of(ArtifactStores.S3_ENDPOINT, ArtifactStores.S3_ACCESS_KEY, ArtifactStores.S3_SECRET_KEY)) {
      String value = System.getenv(name);
      if (value == null || value.isBlank()) {
        fail(name + " is not set: this test needs a real MinIO server. Run `scripts/services.sh start` and "
            + "`source .run/services.env` before `mvn test`.");
      }
      env.put(name, value);
    }
    env.put(ArtifactStores.STORE_URI, "s3://" + BUCKET + "/store");
    client = ArtifactStores.s3Client(env);
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      client.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
    prefix = test + "-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }

  /** The environment a worker of this store has (its S3 settings and store URI). */
  public Map<String, String> env() {
    return env;
  }

  /** Uploads {@code content} as {@code name} under this test's prefix; returns its s3:// URI. */
  public String put(String name, byte[] content) throws Exception {
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(prefix + name)
        .stream(new ByteArrayInputStream(content), content.length, -1).build());
    return uri(name);
  }

  /** The s3:// URI of {@code name} under this test's prefix (a prefix itself where it ends in /). */
  public String uri(String name) {
    return "s3://" + BUCKET + "/" + prefix + name;
  }
}
