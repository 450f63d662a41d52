package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find the data {@code scripts/fetch-data.sh} caches ({@code PRETRAIN_DATA_ROOT}, else
 * {@code ~/.cache/pretrain/data}); a test that needs data that is not there fails saying how to fetch it.
 */
public final class TestData {

  private TestData() {}

  /** The data root, once {@code file} (relative to it) is there; {@code dataset} is fetch-data.sh's name for it. */
  public static Path require(String file, String dataset) {
    Path root = Path.of(System.getenv().getOrDefault("PRETRAIN_DATA_ROOT",
        System.getProperty("user.home") + "/.cache/pretrain/data"));
    if (!Files.isRegularFile(root.resolve(file))) {
      fail(file + " is not in " + root + "; run scripts/fetch-data.sh " + dataset + " (or set PRETRAIN_DATA_ROOT)");
    }
    return root;
  }
}
