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
 * records stream in and then read back by position (a positional read per row, never a mapping of the whole file, so
 * neither the heap nor the resident set grows with the table). The file is deleted when the spool is closed.
 */
final class FeatureSpool implements Closeable {

  private static final int WRITE_BUFFER = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final int columns;
  private final ByteBuffer writing;
  private final ByteBuffer reading;
  private int rows;

  FeatureSpool(Path workspace, int columns) throws IOException {
    this.file = Files.createTempFile(workspace, "features-", ".spool");
    this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    this.columns = columns;
    this.writing = ByteBuffer.allocate(Math.max(WRITE_BUFFER / (4 * columns), 1) * 4 * columns)
        .order(ByteOrder.LITTLE_ENDIAN);
    this.reading = ByteBuffer.allocate(4 * columns).order(ByteOrder.LITTLE_ENDIAN);
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
    reading.clear();
    long position = (long) row * 4 * columns;
    while (reading.hasRemaining()) {
      if (channel.read(reading, position + reading.position()) < 0) {
        throw new EOFException(file + " ends before row " + row);
      }
    }
    reading.flip();
    reading.asFloatBuffer().get(into, 0, columns);
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
