package ai.pretrain.source;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A table's rows on local disk instead of the heap: one fixed-size record per row, a float32 per column, appended as
 * records stream in and then read back by position (positional reads, never a mapping of the whole file, so neither
 * the heap nor the resident set grows with the table). A read in random order reads one row; a read just ahead of
 * the previous one (a scan in ascending order, such as fitting the training split's statistics) reads a window of
 * rows at once and serves the next reads from it. The file is deleted when the spool is closed.
 */
final class FeatureSpool implements Closeable {

  private static final int WRITE_BUFFER = 1 << 20;
  private static final int READ_WINDOW = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final int columns;
  private final ByteBuffer writing;
  private final ByteBuffer reading;
  private final ByteBuffer window;
  /** The rows {@link #window} holds: from {@code windowFirst}, {@code windowRows} of them. */
  private int windowFirst;
  private int windowRows;
  private int lastRead = -1;
  private int rows;

  FeatureSpool(Path workspace, int columns) throws IOException {
    this.file = Files.createTempFile(workspace, "features-", ".spool");
    this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    this.columns = columns;
    this.writing = ByteBuffer.allocate(Math.max(WRITE_BUFFER / (4 * columns), 1) * 4 * columns)
        .order(ByteOrder.LITTLE_ENDIAN);
    this.reading = ByteBuffer.allocate(4 * columns).order(ByteOrder.LITTLE_ENDIAN);
    this.window = ByteBuffer.allocate(Math.max(READ_WINDOW / (4 * columns), 1) * 4 * columns)
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Appends one row of {@code columns} values. */
  void add(float[] row) throws IOException {
    if (writing.remaining() < 4 * columns) {
      flush();
    }
    writing.asFloatBuffer().put(row, 0, columns);
    writing.position(writing.position() + 4 * columns);
    rows++;
  }

  /** Writes out what is buffered; call once every row is added, before reading. */
  void flush() throws IOException {
    writing.flip();
    while (writing.hasRemaining()) {
      channel.write(writing, channel.size());
    }
    writing.clear();
  }

  int rows() {
    return rows;
  }

  /** Reads row {@code row}'s values into {@code into}. */
  void read(int row, float[] into) throws IOException {
    boolean ahead = row > lastRead && row - lastRead < window.capacity() / (4 * columns);
    lastRead = row;
    if (row >= windowFirst && row < windowFirst + windowRows) {
      window.position((row - windowFirst) * 4 * columns);
      window.asFloatBuffer().get(into, 0, columns);
      return;
    }
    if (ahead) {
      fillWindow(row);
      window.position(0);
      window.asFloatBuffer().get(into, 0, columns);
      return;
    }
    reading.clear();
    readFully(reading, row);
    reading.flip();
    reading.asFloatBuffer().get(into, 0, columns);
  }

  private void fillWindow(int first) throws IOException {
    window.clear();
    window.limit((int) Math.min(window.capacity(), (long) (rows - first) * 4 * columns));
    readFully(window, first);
    windowFirst = first;
    windowRows = window.limit() / (4 * columns);
  }

  private void readFully(ByteBuffer into, int row) throws IOException {
    long position = (long) row * 4 * columns;
    while (into.hasRemaining()) {
      if (channel.read(into, position + into.position()) < 0) {
        throw new EOFException(file + " ends before row " + row);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
