package ai.pretrain.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.storage.LocalArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageLogTest {

  @Test
  void linesLandAsOrderedChunksPerAttemptAndTheRestIsWrittenOnClose(@TempDir Path dir) {
    LocalArtifactStore store = new LocalArtifactStore(dir);
    try (StageLog log = new StageLog(store, "run-1", "pretrain", 2, "v1", Duration.ZERO)) {
      log.info("first");
      log.info("second");
    }
    try (StageLog log = new StageLog(store, "run-1", "pretrain", 3, "v1", Duration.ofHours(1))) {
      log.info("buffered until close");
    }

    String prefix = StageLog.prefix("run-1", "pretrain");
    assertEquals(List.of("attempt-02", "attempt-03"), store.children(prefix));
    List<String> chunks = store.children(prefix + "attempt-02/").stream().filter(n -> n.endsWith(".log")).toList();
    assertEquals(List.of("chunk-000000.log", "chunk-000001.log"), chunks);
    String first = new String(store.readSmall(prefix + "attempt-02/chunk-000000.log").orElseThrow(),
        StandardCharsets.UTF_8);
    assertTrue(first.endsWith(" pretrain: first\n"), first);
    String later = new String(store.readSmall(prefix + "attempt-03/chunk-000000.log").orElseThrow(),
        StandardCharsets.UTF_8);
    assertTrue(later.endsWith(" pretrain: buffered until close\n"), later);
  }
}
