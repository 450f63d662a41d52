package ai.pretrain.storage;

import ai.pretrain.artifact.Sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.artifact.ArtifactRef;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against the real MinIO server that {@code scripts/services.sh start} brings up. */
class MinioArtifactStoreTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String BUCKET = "pretrain-store-test-" + RUN;

  private static Map<String, String> env;
  private static MinioClient client;
  private static final List<String> bucketsToRemove = new ArrayList<>(List.of(BUCKET));

  @TempDir Path work;

  @BeforeAll
  static void connect() {
    env = new HashMap<>();
    for (String name : List.of(ArtifactStores.S3_ENDPOINT, ArtifactStores.S3_ACCESS_KEY, ArtifactStores.S3_SECRET_KEY)) {
      String value = System.getenv(name);
      if (value == null || value.isBlank()) {
        fail(name + " is not set: this test needs a real MinIO server. Run `scripts/services.sh start` and "
            + "`source .run/services.env` before `mvn test`.");
      }
      env.put(name, value);
    }
    client =
        MinioClient.builder()
            .endpoint(env.get(ArtifactStores.S3_ENDPOINT))
            .credentials(env.get(ArtifactStores.S3_ACCESS_KEY), env.get(ArtifactStores.S3_SECRET_KEY))
            .build();
  }

  @AfterAll
  static void removeBuckets() throws Exception {
    if (client == null) {
      return;
    }
    for (String bucket : bucketsToRemove) {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        continue;
      }
      for (String name : objectNames(bucket)) {
        client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(name).build());
      }
      client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
    }
  }

  @Test
  void createsTheBucketAndRoundTripsAMultipartFileWithItsSha256() throws Exception {
    String bucket = "pretrain-store-new-" + RUN;
    bucketsToRemove.add(bucket);
    assertFalse(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    ArtifactStore store = store("s3://" + bucket + "/runs");
    Path source = randomFile(work.resolve("pretrained.bin"), 40L * 1024 * 1024 + 123);

    long started = System.nanoTime();
    ArtifactRef ref = store.put("run-1/pretrained.bin", source, "model", lineage());
    double uploadSeconds = seconds(started);

    assertTrue(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    assertEquals("s3://" + bucket + "/runs/run-1/pretrained.bin", ref.uri());
    assertEquals(independentSha256(source), ref.sha256());
    assertEquals(Files.size(source), ref.sizeBytes());
    assertEquals(
        ref.sha256(),
        client
            .statObject(StatObjectArgs.builder().bucket(bucket).object("runs/run-1/pretrained.bin").build())
            .userMetadata()
            .get(MinioArtifactStore.SHA256_METADATA));
    assertEquals(
        List.of("runs/run-1/pretrained.bin", "runs/run-1/pretrained.bin.lineage.json"),
        objectNames(bucket),
        "only the artifact and its lineage: no temporary key");

    Path copy = work.resolve("downloaded/pretrained.bin");
    started = System.nanoTime();
    store.download(ref, copy);
    double downloadSeconds = seconds(started);
    assertEquals(ref.sha256(), independentSha256(copy));
    try (InputStream in = store.open(ref)) {
      assertEquals(ref.sizeBytes(), in.transferTo(OutputStream.nullOutputStream()));
    }

    double mib = ref.sizeBytes() / (1024.0 * 1024.0);
    System.out.printf(
        "MinIO 40 MiB artifact: upload %.1f MiB/s (%.2f s), download %.1f MiB/s (%.2f s)%n",
        mib / uploadSeconds, uploadSeconds, mib / downloadSeconds, downloadSeconds);
  }

  @Test
  void aFailedMultipartUploadIsAbortedAndLeavesNothing() throws Exception {
    if (!client.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      client.makeBucket(io.minio.MakeBucketArgs.builder().bucket(BUCKET).build());
    }
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object("abort/probe")
        .stream(new ByteArrayInputStream(new byte[1]), 1, -1).build());
    Path file = randomFile(work.resolve("short.bin"), 3 * MinioArtifactStore.PART_SIZE);
    MultipartUpload upload =
        new MultipartUpload(ArtifactStores.s3Connection(env).asyncClient(), MinioArtifactStore.PART_SIZE);
    // the file ends a part before the size the upload was told: the last part cannot be read
    assertThrows(Exception.class, () -> upload.upload(BUCKET, "abort/model.bin", file,
        4 * MinioArtifactStore.PART_SIZE, Map.of()));
    assertEquals(List.of("abort/probe"), objectNames(BUCKET).stream().filter(n -> n.startsWith("abort/")).toList());
    var uploads = ArtifactStores.s3Connection(env).asyncClient()
        .listMultipartUploadsAsync(BUCKET, null, null, null, null, null, "abort/", null, null, null).get().result()
        .uploads();
    assertTrue(uploads == null || uploads.isEmpty(), "the upload's parts are aborted");
  }

  @Test
  void lineageSidecarIsReadable() {
    ArtifactStore store = store("s3://" + BUCKET + "/lineage-" + RUN);
    ArtifactRef ref = store.put("metrics.json", "{\"loss\":0.25}".getBytes(), "metrics", lineage());

    assertEquals(lineage(), store.lineage(ref));
    assertArrayEquals("{\"loss\":0.25}".getBytes(), store.readSmall("metrics.json").orElseThrow());
  }

  @Test
  void detectsAnObjectOverwrittenBehindTheStoresBack() throws Exception {
    ArtifactStore store = store("s3://" + BUCKET + "/corrupt");
    ArtifactRef ref = store.put("ckpt.bin", randomFile(work.resolve("ckpt.bin"), 100_000), "checkpoint", lineage());
    byte[] tampered = new byte[100_000];
    client.putObject(
        PutObjectArgs.builder()
            .bucket(BUCKET)
            .object("corrupt/ckpt.bin")
            .stream(new ByteArrayInputStream(tampered), tampered.length, -1)
            .build());

    Path target = work.resolve("out/ckpt.bin");
    assertThrows(ArtifactIntegrityException.class, () -> store.download(ref, target));
    assertFalse(Files.exists(target), "a corrupt download must not be published");
    try (InputStream in = store.open(ref)) {
      assertThrows(ArtifactIntegrityException.class, in::readAllBytes);
    }
  }

  @Test
  void aLargeObjectOverwrittenBehindTheStoresBackFailsItsRangedDownload() throws Exception {
    ArtifactStore store = store("s3://" + BUCKET + "/corrupt-large");
    long size = 3 * MinioArtifactStore.PART_SIZE + 5;
    ArtifactRef ref = store.put("ckpt.bin", randomFile(work.resolve("large.bin"), size), "checkpoint", lineage());
    // the same bytes but one, in the last range
    Path other = randomFile(work.resolve("other.bin"), size);
    try (var file = new java.io.RandomAccessFile(other.toFile(), "rw")) {
      file.seek(size - 2);
      int last = file.read();
      file.seek(size - 2);
      file.write(last ^ 1);
    }
    client.putObject(PutObjectArgs.builder().bucket(BUCKET).object("corrupt-large/ckpt.bin")
        .stream(Files.newInputStream(other), size, -1).build());

    Path target = work.resolve("out/large.bin");
    ArtifactIntegrityException e = assertThrows(ArtifactIntegrityException.class, () -> store.download(ref, target));
    assertTrue(e.getMessage().contains("but was written with " + ref.sha256()), e.getMessage());
    assertFalse(Files.exists(target), "a corrupt download must not be published");
    assertEquals(List.of(), Files.list(target.getParent()).map(Path::toString).toList(), "no partial file is left");
  }

  @Test
  void childrenListsObjectsAndFoldersDirectlyUnderAPrefix() {
    ArtifactStore store = store("s3://" + BUCKET + "/listing-" + RUN);
    store.put("stages/fineTune/aaa/key.json", new byte[] {1}, "cache-key", lineage());
    store.put("stages/fineTune/bbb/key.json", new byte[] {2}, "cache-key", lineage());
    store.put("stages/fineTune/notes.txt", new byte[] {3}, "metrics", lineage());

    assertEquals(List.of("aaa", "bbb", "notes.txt", "notes.txt.lineage.json"), store.children("stages/fineTune/"));
    assertEquals(List.of(), store.children("stages/nothing-here/"));
  }

  @Test
  void aMissingObjectIsNotFound() {
    ArtifactStore store = store("s3://" + BUCKET);
    store.put("present.json", new byte[] {1}, "metrics", lineage());
    ArtifactRef missing = new ArtifactRef(store.uriOf("absent.bin"), "00", 1, "model");

    assertThrows(ArtifactNotFoundException.class, () -> store.open(missing));
    assertThrows(ArtifactNotFoundException.class, () -> store.download(missing, work.resolve("absent.bin")));
    assertThrows(ArtifactNotFoundException.class, () -> store.lineage(missing));
    assertTrue(store.readSmall("absent.json").isEmpty());
  }

  @Test
  void workersRacingToCreateTheBucketAllSucceed() throws Exception {
    String bucket = "pretrain-store-race-" + RUN;
    bucketsToRemove.add(bucket);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ArtifactRef>> puts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String key = "worker-" + i + ".json";
        ArtifactStore store = store("s3://" + bucket);
        puts.add(pool.submit(() -> store.put(key, key.getBytes(), "metrics", lineage())));
      }
      for (Future<ArtifactRef> put : puts) {
        put.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(8, objectNames(bucket).size());
  }

  @Test
  void anUnreachableServerIsUnavailableQuickly() throws IOException {
    Map<String, String> down = new HashMap<>(env);
    down.put(ArtifactStores.S3_ENDPOINT, "http://127.0.0.1:1");
    down.put(ArtifactStores.STORE_URI, "s3://" + BUCKET);
    ArtifactStore store = ArtifactStores.fromEnvironment(down);
    Path file = randomFile(work.resolve("small.bin"), 1000);

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertThrows(StorageUnavailableException.class, () -> store.put("small.bin", file, "model", lineage()));
          assertThrows(
              StorageUnavailableException.class,
              () -> store.open(new ArtifactRef("s3://" + BUCKET + "/small.bin", "00", 1, "model")));
        });
  }

  private static ArtifactStore store(String uri) {
    Map<String, String> withUri = new HashMap<>(env);
    withUri.put(ArtifactStores.STORE_URI, uri);
    return ArtifactStores.fromEnvironment(withUri);
  }

  private static List<String> objectNames(String bucket) throws Exception {
    List<String> names = new ArrayList<>();
    for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
      names.add(item.get().objectName());
    }
    return names.stream().sorted().toList();
  }

  private static Path randomFile(Path file, long size) throws IOException {
    Random random = new Random(size);
    byte[] chunk = new byte[1024 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
      }
    }
    return file;
  }

  private static String independentSha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static Lineage lineage() {
    return new Lineage(
        "pretrain",
        "run-1",
        List.of(new ArtifactRef("s3://data/shard-0", "cd".repeat(32), 1024, "dataset-shard")),
        Map.of("epochs", 3, "objective", "masked-language-modeling"),
        "0.1.0-test",
        "2025-01-02T03:04:05Z");
  }
}
