package ai.pretrain.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A table's example ids on local disk, appended as records stream in and looked up in one sequential pass, so that
 * millions of id strings never sit on the heap; the file is deleted when the spool is closed.
 */
final class IdSpool implements ExampleIds, Closeable {

  private final Path file;
  private final DataOutputStream out;
  private int size;

  IdSpool(Path workspace) throws IOException {
    this.file = Files.createTempFile(workspace, "ids-", ".spool");
    this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
  }

  void add(String id) throws IOException {
    // length and UTF-8 bytes: writeUTF would refuse an id over 64 KiB
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
    size++;
  }

  int size() {
    return size;
  }

  /** Writes out what is buffered; call once every id is added, before looking any up. */
  void flush() throws IOException {
    out.flush();
  }

  @Override
  public List<String> of(int[] rows) throws IOException {
    if (rows.length == 0) {
      return List.of();
    }
    // (row << 32 | position) sorted by row: one pass over the file fills every position
    long[] wanted = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      wanted[i] = (long) rows[i] << 32 | i;
    }
    Arrays.sort(wanted);
    String[] ids = new String[rows.length];
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      int row = 0;
      String id = read(in);
      for (long next : wanted) {
        for (int target = (int) (next >>> 32); row < target; row++) {
          id = read(in);
        }
        ids[(int) next] = id;
      }
    }
    return List.of(ids);
  }

  private static String read(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
