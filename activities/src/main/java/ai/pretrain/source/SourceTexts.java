package ai.pretrain.source;

import java.io.Closeable;
import java.io.IOException;

/**
 * A labeled text set read from a source, with its dataset card; the documents of a fixed test set are last, from
 * {@code testFrom} (-1 where there is none). Closing it deletes the documents' spool.
 */
public record SourceTexts(LabeledDocuments texts, DatasetCard card, int testFrom) implements Closeable {

  @Override
  public void close() throws IOException {
    texts.close();
  }
}
