package ai.pretrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against the real MinIO server that {@code scripts/services.sh start} brings up, in the store's bucket. */
class SourceObjectsTest {

  private static final String PREFIX = "source-objects-test-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  private static final String BUCKET = "pretrain-artifacts";

  private static Map<String, String> env;
  private static MinioClient client;

  @TempDir Path work;

  @BeforeAll
  static void connect() throws Exception {
    env = new HashMap<>();
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
  }

  @Test
  void statOpenAndListObjectsUnderAPrefix() throws Exception {
    put(PREFIX + "b/two.csv", "x,y\n3,4\n");
    put(PREFIX + "a/one.csv", "x,y\n1,2\n");
    SourceObjects sources = SourceObjects.fromEnvironment(env);
    SourceLocation one = sources.locate("dataset.uri", "s3://" + BUCKET + "/" + PREFIX + "a/one.csv");
    SourceIdentity identity = sources.stat(one);
    assertEquals(8, identity.size());
    assertNotNull(identity.etag());
    assertFalse(identity.etag().contains("\""), identity.etag());
    try (InputStream in = sources.open(one, identity)) {
      assertEquals("x,y\n1,2\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    SourceLocation prefix = sources.locate("dataset.uri", "s3://" + BUCKET + "/" + PREFIX);
    List<SourceIdentity> listed = sources.list(prefix);
    assertEquals(List.of("s3://" + BUCKET + "/" + PREFIX + "a/one.csv", "s3://" + BUCKET + "/" + PREFIX + "b/two.csv"),
        listed.stream().map(SourceIdentity::uri).toList());
    assertEquals(identity.etag(), listed.get(0).etag());
    assertEquals(one, sources.member(prefix, listed.get(0)));
    assertTrue(sources.exists(prefix));
    assertFalse(sources.exists(sources.locate("dataset.uri", "s3://" + BUCKET + "/" + PREFIX + "none/")));
  }

  @Test
  void aMissingObjectIsNamedAndAChangedOneIsNoticed() throws Exception {
    SourceObjects sources = SourceObjects.fromEnvironment(env);
    SourceLocation missing = sources.locate("dataset.uri", "s3://" + BUCKET + "/" + PREFIX + "missing.csv");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> sources.stat(missing));
    assertEquals(missing.uri(), e.getFile());
    assertFalse(sources.exists(missing));

    SourceLocation changing = sources.locate("dataset.uri", "s3://" + BUCKET + "/" + PREFIX + "changing.csv");
    put(PREFIX + "changing.csv", "x\n1\n");
    SourceIdentity before = sources.stat(changing);
    put(PREFIX + "changing.csv", "x\n2\n");
    assertNotEquals(before.etag(), sources.stat(changing).etag());
    SourceChangedException changed = assertThrows(SourceChangedException.class, () -> sources.open(changing, before));
    assertTrue(changed.getMessage().contains("changed while it was being read"), changed.getMessage());
  }

  @Test
  void localFilesWhenTheOperatorEnablesADirectory() throws Exception {
    Path data = Files.createDirectories(work.resolve("data/images/cat"));
    Files.writeString(data.resolve("1.txt"), "one");
    Files.writeString(work.resolve("data/top.txt"), "top");
    SourceObjects sources = SourceObjects.fromEnvironment(Map.of(SourcePolicy.DATA_DIRS, work.resolve("data")
        .toString()));
    SourceLocation prefix = sources.locate("dataset.uri", work.resolve("data").toUri().toString());
    List<SourceIdentity> listed = sources.list(prefix);
    assertEquals(2, listed.size());
    assertTrue(listed.get(0).uri().endsWith("/data/images/cat/1.txt"), listed.get(0).uri());
    SourceLocation file = sources.member(prefix, listed.get(1));
    try (InputStream in = sources.open(file, sources.stat(file))) {
      assertEquals("top", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThrows(NoSuchFileException.class,
        () -> sources.stat(sources.locate("dataset.uri", work.resolve("data/none.csv").toUri().toString())));
    assertThrows(SourceRefusedException.class, () -> sources.locate("dataset.uri", "s3://" + BUCKET + "/x.csv"));
  }

  private static void put(String key, String content) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
  }
}
