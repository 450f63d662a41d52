package ai.pretrain.data;

import ai.pretrain.source.Documents;
import ai.pretrain.text.BpeTokenizer;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Documents as one token stream ({@code [SEP]} after each) cut into consecutive windows of a fixed length, the last
 * partial one dropped, as a language model reads them: written to local disk as the ids stream by, read back by
 * position, unlabeled (one class).
 */
final class WindowSpool extends TokenRows implements Closeable {

  private final Path file;
  private final int length;
  private final int separator;
  private final int[] window;
  private DataOutputStream out;
  private FileChannel channel;
  private ByteBuffer reading;
  private int filled;
  private int size;

  private WindowSpool(Path workspace, int length, int separator) throws IOException {
    this.file = Files.createTempFile(workspace, "windows-", ".spool");
    this.length = length;
    this.separator = separator;
    this.window = new int[length];
    this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
  }

  /** The windows of documents {@code rows} of {@code tokens}, in that order. */
  static WindowSpool of(TokenSpool tokens, int[] rows, int length, int separator, Path workspace) throws IOException {
    WindowSpool windows = new WindowSpool(workspace, length, separator);
    try {
      for (int row : rows) {
        windows.add(tokens.ids(row, Integer.MAX_VALUE));
      }
      return windows.finish();
    } catch (IOException | RuntimeException e) {
      windows.close();
      throw e;
    }
  }

  /** The windows of {@code documents}, in order, each encoded by {@code tokenizer} as it streams by. */
  static WindowSpool encode(BpeTokenizer tokenizer, Documents documents, int length, Path workspace)
      throws IOException {
    WindowSpool windows = new WindowSpool(workspace, length, tokenizer.idOf(BpeTokenizer.SEP));
    try {
      documents.forEach((index, text) -> windows.add(tokenizer.encode(text)));
      return windows.finish();
    } catch (IOException | RuntimeException e) {
      windows.close();
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
    if (filled == length) {
      for (int t = 0; t < length; t++) {
        out.writeInt(window[t]);
      }
      filled = 0;
      size++;
    }
  }

  private WindowSpool finish() throws IOException {
    out.close();
    out = null;
    channel = FileChannel.open(file, StandardOpenOption.READ);
    reading = ByteBuffer.allocate(4 * length);
    return this;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int featureCount() {
    return length;
  }

  @Override
  public int classCount() {
    return 1;
  }

  @Override
  public int label(int row) {
    return 0;
  }

  @Override
  public void features(int row, float[] into) throws IOException {
    reading.clear();
    long position = 4L * length * row;
    while (reading.hasRemaining()) {
      if (channel.read(reading, position + reading.position()) < 0) {
        throw new EOFException(file + " ends before window " + row);
      }
    }
    reading.flip();
    for (int t = 0; t < length; t++) {
      into[t] = reading.getInt();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (out != null) {
        out.close();
      }
      if (channel != null) {
        channel.close();
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
