package ai.pretrain.api.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What deleting a run's artifacts needs of the directory store: writes, deletes, and no empty key folders left. */
class DirectoryStoreWriteTest {

  @TempDir Path root;

  @Test
  void deletingAStagesLastObjectRemovesItsEmptyFoldersButNotTheStore() throws Exception {
    DirectoryStoreReader store = new DirectoryStoreReader(root);
    String model = store.uriOf("stages/pretrain/abc/encoder.zip");
    String other = store.uriOf("stages/pretrain/def/encoder.zip");
    store.write(model, "weights".getBytes(StandardCharsets.UTF_8));
    store.write(other, "weights".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(model), store.list(store.uriOf("stages/pretrain/abc/")));

    store.delete(model);
    store.delete(model);

    assertFalse(Files.exists(root.resolve("stages/pretrain/abc")));
    assertTrue(Files.exists(root.resolve("stages/pretrain/def/encoder.zip")));
    store.delete(other);
    assertFalse(Files.exists(root.resolve("stages")));
    assertTrue(Files.isDirectory(root));
  }
}
