package ai.pretrain.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Documents read in order, as often as data prep needs them, without being held: a text source's spool on local disk
 * ({@link TextSpool}) or a built-in set already in memory ({@link #of}). Closing a spool deletes it.
 */
public interface Documents extends Closeable {

  /** One document and its index, in order. */
  interface Visitor {
    void accept(int index, String text) throws IOException;
  }

  int size();

  /** Gives every document to {@code visitor}, in order. */
  void forEach(Visitor visitor) throws IOException;

  @Override
  default void close() throws IOException {}

  /** Documents already in memory. */
  static Documents of(List<String> texts) {
    return new Documents() {
      @Override
      public int size() {
        return texts.size();
      }

      @Override
      public void forEach(Visitor visitor) throws IOException {
        for (int i = 0; i < texts.size(); i++) {
          visitor.accept(i, texts.get(i));
        }
      }
    };
  }
}
