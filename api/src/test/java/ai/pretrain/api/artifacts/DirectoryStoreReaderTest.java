package ai.pretrain.api.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStoreReaderTest {

  @TempDir Path dir;

  @Test
  void readsSlicesOfObjectsInsideTheStore() throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    Path object = Files.writeString(Files.createDirectories(root.resolve("stages/pretrain")).resolve("model.bin"),
        "0123456789");
    DirectoryStoreReader store = new DirectoryStoreReader(root);
    String uri = object.toUri().toString();
    assertTrue(store.contains(uri));
    assertEquals(Optional.of(10L), store.size(uri));
    try (InputStream in = store.open(uri, 3, 4)) {
      assertArrayEquals("3456".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
    }
    assertEquals(Optional.empty(), store.readSmall(uri + ".lineage.json"));
    assertEquals(Optional.empty(), store.size(root.resolve("missing").toUri().toString()));
  }

  @Test
  void refusesEverythingOutsideTheStore() throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    Path outside = Files.writeString(dir.resolve("secret.txt"), "no");
    Files.createSymbolicLink(root.resolve("link.txt"), outside);
    DirectoryStoreReader store = new DirectoryStoreReader(root);
    assertFalse(store.contains(outside.toUri().toString()));
    assertFalse(store.contains("file://" + root + "/../secret.txt"));
    assertFalse(store.contains(root.resolve("link.txt").toUri().toString()), "a link leading out of the store");
    assertFalse(store.contains(dir.resolve("store-sibling/x").toUri().toString()));
    assertFalse(store.contains(root.toUri().toString()));
    assertFalse(store.contains("s3://bucket/key"));
  }
}
