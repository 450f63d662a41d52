package ai.pretrain.source;

import java.io.Closeable;
import java.io.IOException;

/**
 * A labeled text set read from a source, with its dataset card; the documents of a fixed test set are last, from
 * {@code testFrom} (-1 where there is none). {@code ids} names every document, in order: the id column's values (else
 * record numbers), on local disk; null for a built-in set, whose test examples are named by their row. Closing it
 * deletes the documents' and the ids' spools.
 */
public record SourceTexts(LabeledDocuments texts, ExampleIds ids, DatasetCard card, int testFrom) implements Closeable {

  @Override
  public void close() throws IOException {
    try (texts) {
      if (ids instanceof Closeable spool) {
        spool.close();
      }
    }
  }
}
