package ai.pretrain.source;

import java.io.Closeable;
import java.io.IOException;

/**
 * A dataset read from a source: every example (those of a fixed test set last, from {@code testFrom}; -1 where there
 * is none), each example's id, and the dataset card. Closing it deletes a table's spools.
 */
public record SourceData(ExampleRows examples, int testFrom, ExampleIds ids, DatasetCard card) implements Closeable {

  public boolean hasFixedTest() {
    return testFrom >= 0;
  }

  @Override
  public void close() throws IOException {
    try (Closeable rows = examples instanceof Closeable c ? c : null) {
      if (ids instanceof Closeable c) {
        c.close();
      }
    }
  }
}
