package ai.pretrain.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Rows of token ids of one length on local disk instead of the heap (sequences or windows), appended as they are
 * encoded, then read back by position for the shard writer; each row's class comes from {@code labels}, or every row
 * is class 0 of one where there are none. Deleted when closed.
 */
final class IdRowSpool extends TokenRows implements java.io.Closeable {

  private final Path file;
  private final int length;
  private final int[] labels;
  private final int classCount;
  private DataOutputStream out;
  private FileChannel channel;
  private ByteBuffer reading;
  private int size;

  /** Rows of {@code length} ids; {@code labels} null for unlabeled rows (one class). */
  IdRowSpool(Path workspace, int length, int[] labels, int classCount) throws IOException {
    this.file = Files.createTempFile(workspace, "ids-", ".spool");
    this.length = length;
    this.labels = labels;
    this.classCount = labels == null ? 1 : classCount;
    this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
  }

  void add(int[] row) throws IOException {
    for (int t = 0; t < length; t++) {
      out.writeInt(row[t]);
    }
    size++;
  }

  void add(long[] row) throws IOException {
    for (int t = 0; t < length; t++) {
      out.writeInt(Math.toIntExact(row[t]));
    }
    size++;
  }

  /** Ends the writing; the rows are read from then on. */
  IdRowSpool finish() throws IOException {
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
    return classCount;
  }

  @Override
  public int label(int row) {
    return labels == null ? 0 : labels[row];
  }

  @Override
  public void features(int row, float[] into) throws IOException {
    reading.clear();
    long position = 4L * length * row;
    while (reading.hasRemaining()) {
      if (channel.read(reading, position + reading.position()) < 0) {
        throw new EOFException(file + " ends before row " + row);
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
