package ai.pretrain.source;

import ai.pretrain.plugin.LabeledTexts;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Labeled documents for data prep: the texts, read in order ({@link Documents}), their classes and class names. */
public record LabeledDocuments(Documents documents, int[] labels, List<String> classNames) implements Closeable {

  /** A text dataset that a reader plugin returned in memory. */
  public static LabeledDocuments of(LabeledTexts texts) {
    return new LabeledDocuments(Documents.of(texts.texts()), texts.labels(), texts.classNames());
  }

  public int size() {
    return labels.length;
  }

  @Override
  public void close() throws IOException {
    documents.close();
  }
}
