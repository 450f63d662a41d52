package ai.pretrain.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The documents of a text source on local disk instead of the heap: each one's UTF-8 bytes after their length,
 * appended as records stream in, then read back in order as often as needed. Deleted when closed.
 */
final class TextSpool implements Documents {

  private static final int BUFFER = 1 << 16;

  private final Path file;
  private DataOutputStream out;
  private int size;

  TextSpool(Path workspace) throws IOException {
    this.file = Files.createTempFile(workspace, "texts-", ".spool");
    this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
  }

  void add(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
    size++;
  }

  /** Ends the writing; the spool is read from then on. */
  void finish() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void forEach(Visitor visitor) throws IOException {
    finish();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
      for (int i = 0; i < size; i++) {
        visitor.accept(i, new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
