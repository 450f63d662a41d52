package ai.pretrain.data;

import ai.pretrain.source.Documents;
import ai.pretrain.text.BpeTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Documents as one token stream ({@code [SEP]} after each) cut into consecutive windows of a fixed length, the last
 * partial one dropped, as a language model reads them: each window goes to an {@link IdRowSpool} as the ids stream by.
 */
final class WindowSpool {

  private final IdRowSpool rows;
  private final int separator;
  private final int[] window;
  private int filled;

  private WindowSpool(Path workspace, int length, int separator) throws IOException {
    this.rows = new IdRowSpool(workspace, length, null, 1);
    this.separator = separator;
    this.window = new int[length];
  }

  /** The windows of documents {@code documents} of {@code tokens}, in that order. */
  static IdRowSpool of(TokenSpool tokens, int[] documents, int length, int separator, Path workspace)
      throws IOException {
    WindowSpool windows = new WindowSpool(workspace, length, separator);
    try {
      for (int document : documents) {
        windows.add(tokens.ids(document, Integer.MAX_VALUE));
      }
      return windows.rows.finish();
    } catch (IOException | RuntimeException e) {
      windows.rows.close();
      throw e;
    }
  }

  /** The windows of {@code documents}, in order, each encoded by {@code tokenizer} as it streams by. */
  static IdRowSpool encode(BpeTokenizer tokenizer, Documents documents, int length, Path workspace)
      throws IOException {
    WindowSpool windows = new WindowSpool(workspace, length, tokenizer.idOf(BpeTokenizer.SEP));
    try {
      documents.forEach((index, text) -> windows.add(tokenizer.encode(text)));
      return windows.rows.finish();
    } catch (IOException | RuntimeException e) {
      windows.rows.close();
      throw e;
    }
  }

  /** Appends one document's ids and the separator after them. */
  private void add(int[] ids) throws IOException {
    for (int id : ids) {
      put(id);
    }
    put(separator);
  }

  private void put(int id) throws IOException {
    window[filled++] = id;
    if (filled == window.length) {
      rows.add(window);
      filled = 0;
    }
  }
}
