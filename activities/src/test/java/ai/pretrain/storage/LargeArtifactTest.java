package ai.pretrain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.artifact.ArtifactRef;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.minio.messages.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint larger than 5 GiB (S3's limit for a single PUT or copy) through the real MinIO: uploaded as one
 * multipart upload with 16 MiB parts in flight in parallel and the heap staying small, downloaded by parallel ranged
 * reads, verified by sha256 after upload and on download, and an upload interrupted half-way leaves what readers see
 * untouched. Disk use peaks near 11.5 GB and is freed.
 */
class LargeArtifactTest {

  private static final long SIZE = 5L * 1024 * 1024 * 1024 + 300L * 1024 * 1024;
  private static final long HEAP_BUDGET = 512L * 1024 * 1024;
  private static ArtifactStore store;
  private static String prefix;
  private static String bucket;

  @TempDir static Path work;

  @BeforeAll
  static void connect() {
    Map<String, String> env = new HashMap<>();
    for (String name : List.of(ArtifactStores.S3_ENDPOINT, ArtifactStores.S3_ACCESS_KEY, ArtifactStores.S3_SECRET_KEY,
        ArtifactStores.STORE_URI)) {
      String value = System.getenv(name);
      if (value == null || value.isBlank()) {
        fail(name + " is not set: this test needs the real MinIO that `scripts/services.sh start` runs; source "
            + ".run/services.env first");
      }
      env.put(name, value);
    }
    java.net.URI storeUri = java.net.URI.create(env.get(ArtifactStores.STORE_URI));
    bucket = storeUri.getHost();
    String base = storeUri.getPath().replaceAll("^/+|/+$", "");
    prefix = (base.isEmpty() ? "" : base + "/") + "large-artifact-test-" + UUID.randomUUID().toString().substring(0, 8);
    env.put(ArtifactStores.STORE_URI, "s3://" + bucket + "/" + prefix);
    store = ArtifactStores.fromEnvironment(env);
  }

  @AfterAll
  static void removeObjects() throws Exception {
    if (bucket == null) {
      return;
    }
    MinioClient client = MinioClient.builder()
        .endpoint(System.getenv(ArtifactStores.S3_ENDPOINT))
        .credentials(System.getenv(ArtifactStores.S3_ACCESS_KEY), System.getenv(ArtifactStores.S3_SECRET_KEY))
        .build();
    for (Result<Item> item : client.listObjects(
        ListObjectsArgs.builder().bucket(bucket).prefix(prefix + "/").recursive(true).build())) {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(item.get().objectName()).build());
    }
  }

  @Test
  void aCheckpointOverFiveGibStreamsUpWithBoundedHeapAndSurvivesAnInterruptedUpload() throws Exception {
    Path previous = work.resolve("previous.bin");
    Files.write(previous, "the previous checkpoint".getBytes());
    ArtifactRef old = store.put("ckpt/latest.bin", previous, "checkpoint", lineage());
    Path big = sparseFileWithMarkers(work.resolve("big.bin"));
    String expected = sha256(big);

    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread uploader = new Thread(() -> {
      try {
        outcome.set(store.put("ckpt/latest.bin", big, "checkpoint", lineage()));
      } catch (RuntimeException e) {
        outcome.set(e);
      }
    });
    uploader.start();
    Thread.sleep(3000);
    uploader.interrupt();
    uploader.join(120_000);
    assertTrue(outcome.get() instanceof RuntimeException, "the interrupted upload should fail, got " + outcome.get());
    assertEquals(old.sha256(), sha256(store.open(old)), "readers still see the previous checkpoint, whole");
    assertEquals(List.of(), unfinishedUploads(), "the interrupted multipart upload is aborted, its parts gone");

    resetPeakHeap();
    long started = System.nanoTime();
    ArtifactRef ref = store.put("ckpt/latest.bin", big, "checkpoint", lineage());
    double seconds = (System.nanoTime() - started) / 1e9;
    long peakHeap = peakHeap();
    Files.delete(big);

    assertEquals(SIZE, ref.sizeBytes());
    assertEquals(expected, ref.sha256(), "the sha256 the store recorded");
    Path back = work.resolve("back.bin");
    store.download(ref, back);
    assertEquals(expected, sha256(back), "the sha256 of what comes back down");
    Files.delete(back);
    System.out.printf("large artifact: %.1f GiB up and published in %.0f s (%.0f MiB/s), peak heap %d MiB%n",
        SIZE / (double) (1L << 30), seconds, SIZE / seconds / (1 << 20), peakHeap >> 20);
    assertTrue(peakHeap < HEAP_BUDGET, "heap peaked at " + (peakHeap >> 20) + " MiB for a " + (SIZE >> 20)
        + " MiB upload");
  }

  private static List<String> unfinishedUploads() throws Exception {
    MinioAsyncClient client = ArtifactStores.s3Connection(System.getenv()).asyncClient();
    List<Upload> uploads = client.listMultipartUploadsAsync(bucket, null, null, null, null, null, prefix + "/", null,
        null, null).get().result().uploads();
    return uploads == null ? List.of() : uploads.stream().map(Upload::objectName).toList();
  }

  /** A sparse file (no disk used for the holes) with a few written regions, so its hash checks real content. */
  private static Path sparseFileWithMarkers(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(SIZE);
      for (long at = 0; at < SIZE; at += 1L << 30) {
        raf.seek(at);
        raf.write(("marker at " + at).getBytes());
      }
    }
    return file;
  }

  private static String sha256(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  private static String sha256(InputStream raw) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(raw, digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void resetPeakHeap() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }

  private static Lineage lineage() {
    return new Lineage("pretrain", "run-large", List.of(), Map.of(), "test", "2026-11-27T00:00:00Z");
  }
}
