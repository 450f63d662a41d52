package ai.pretrain.storage;

import ai.pretrain.artifact.Sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.ArtifactRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest {

  @TempDir Path work;

  private Path root;
  private LocalArtifactStore store;
  private Path source;

  @BeforeEach
  void setUp() throws IOException {
    root = work.resolve("store");
    store = new LocalArtifactStore(root);
    source = work.resolve("shard-0.bin");
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(content);
    Files.write(source, content);
  }

  @Test
  void roundTripsAFileAndHashesItLikeAnIndependentDigest() throws Exception {
    ArtifactRef ref = store.put("run-1/data/shard-0.bin", source, "dataset-shard", lineage());

    assertEquals(root.resolve("run-1/data/shard-0.bin").toUri().toString(), ref.uri());
    assertTrue(ref.uri().startsWith("file:///"));
    assertEquals(independentSha256(source), ref.sha256());
    assertEquals(Files.size(source), ref.sizeBytes());
    assertEquals("dataset-shard", ref.kind());

    Path copy = work.resolve("out/copy.bin");
    store.download(ref, copy);
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(copy));
    try (InputStream in = store.open(ref)) {
      assertArrayEquals(Files.readAllBytes(source), in.readAllBytes());
    }
  }

  @Test
  void roundTripsLineageAsPrettyJsonBesideTheArtifact() throws IOException {
    Lineage lineage = lineage();
    ArtifactRef ref = store.put("run-1/model.bin", source, "model", lineage);

    assertEquals(lineage, store.lineage(ref));
    String json = Files.readString(root.resolve("run-1/model.bin.lineage.json"));
    assertTrue(json.contains("\n"), "pretty-printed");
    assertTrue(json.contains("\"createdAt\" : \"2025-01-02T03:04:05Z\""), json);
  }

  @Test
  void storesSmallObjectsAndReadsThemBack() {
    byte[] manifest = "{\"hit\":true}".getBytes();
    ArtifactRef ref = store.put("cache/abc.json", manifest, "manifest", lineage());

    assertEquals(Sha256.of(manifest), ref.sha256());
    assertArrayEquals(manifest, store.readSmall("cache/abc.json").orElseThrow());
    assertTrue(store.readSmall("cache/missing.json").isEmpty());
  }

  @Test
  void detectsACorruptedFileOnDownloadAndOnOpen() throws IOException {
    ArtifactRef ref = store.put("run-1/ckpt.bin", source, "checkpoint", lineage());
    Path stored = root.resolve("run-1/ckpt.bin");
    byte[] bytes = Files.readAllBytes(stored);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(stored, bytes);

    Path target = work.resolve("out/ckpt.bin");
    assertThrows(ArtifactIntegrityException.class, () -> store.download(ref, target));
    assertFalse(Files.exists(target), "a corrupt download must not be published");
    try (InputStream in = store.open(ref)) {
      assertThrows(ArtifactIntegrityException.class, in::readAllBytes);
    }
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    ArtifactRef ref = store.put("run-1/a.bin", source, "checkpoint", lineage());
    store.put("run-1/a.bin", source, "checkpoint", lineage());
    store.put("run-1/b.json", new byte[] {1, 2, 3}, "metrics", lineage());
    store.download(ref, work.resolve("out/a.bin"));

    try (Stream<Path> files = Files.walk(work)) {
      List<String> names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(
          List.of("a.bin", "a.bin", "a.bin.lineage.json", "b.json", "b.json.lineage.json", "shard-0.bin"), names);
    }
  }

  @Test
  void missingArtifactsAndEscapingKeysAreRejected() {
    ArtifactRef missing = new ArtifactRef(store.uriOf("nope.bin"), "00", 1, "model");
    assertThrows(ArtifactNotFoundException.class, () -> store.open(missing));
    assertThrows(ArtifactNotFoundException.class, () -> store.lineage(missing));
    assertThrows(IllegalArgumentException.class, () -> store.put("../outside.bin", source, "model", lineage()));
  }

  private static Lineage lineage() {
    ArtifactRef input = new ArtifactRef("file:///data/raw.txt", "ab".repeat(32), 42, "dataset-shard");
    return new Lineage(
        "prepareData",
        "run-1",
        List.of(input),
        Map.of("seed", 7, "tokenizer", "bpe", "splits", List.of(0.8, 0.1, 0.1)),
        "0.1.0-test",
        "2025-01-02T03:04:05Z");
  }

  private static String independentSha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(Files.readAllBytes(file));
    return HexFormat.of().formatHex(digest.digest());
  }
}
