package ai.pretrain.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Example ids kept on disk: looked up in any order, of any length, and gone when the spool closes. */
class IdSpoolTest {

  @TempDir Path work;

  @Test
  void looksUpIdsInTheOrderAskedAndDeletesItsFile() throws IOException {
    String long70k = "x".repeat(70_000);
    try (IdSpool ids = new IdSpool(work)) {
      for (String id : List.of("a", "b", "ç-ünïcode", long70k, "e")) {
        ids.add(id);
      }
      ids.flush();

      assertEquals(5, ids.size());
      assertEquals(List.of("e", "a", long70k, "ç-ünïcode"), ids.of(new int[] {4, 0, 3, 2}));
      assertEquals(List.of(), ids.of(new int[0]));
    }
    try (var files = Files.list(work)) {
      assertEquals(0, files.count(), "the spool file is deleted");
    }
  }
}
