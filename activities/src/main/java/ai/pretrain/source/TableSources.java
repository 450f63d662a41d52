package ai.pretrain.source;

import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.storage.SourceIdentity;
import ai.pretrain.storage.SourceLocation;
import ai.pretrain.storage.SourceObjects;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Opens one object of a table source as a {@link RecordReader} of its format: gzip (by name or by its magic bytes) is
 * inflated as it streams; a Parquet object, which is read from its footer, is first copied to a local spool file; the
 * first bytes must fit the format, so a Parquet file named .csv says so instead of failing on garbage.
 */
public final class TableSources {

  private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private TableSources() {}

  /** The records of {@code location}, read at {@code identity} (a changed object fails rather than mixing versions). */
  public static RecordReader open(SourceObjects sources, SourceLocation location, SourceIdentity identity,
      String format, Path workspace) throws IOException {
    String file = location.uri();
    InputStream in = new BufferedInputStream(sources.open(location, identity), 1 << 16);
    try {
      if (DatasetSpec.PARQUET.equals(format)) {
        Path spool = Files.createTempFile(workspace, "source-", ".parquet");
        try (InputStream whole = in) {
          Files.copy(whole, spool, StandardCopyOption.REPLACE_EXISTING);
        }
        requireMagic(spool, file);
        return new SpooledParquet(spool, file);
      }
      in = withoutByteOrderMark(inflated(in, file));
      String mismatch = mismatch(in, format);
      if (mismatch != null) {
        throw BadDataException.file(file, mismatch);
      }
      return DatasetSpec.CSV.equals(format) ? new CsvRecords(in, file) : new JsonlRecords(in, file);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The stream inflated where the object is gzip'ed (by its {@code .gz} name or its magic bytes). */
  static InputStream inflated(InputStream in, String file) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    boolean gzip = b1 == 0x1f && b2 == 0x8b;
    if (!gzip && file.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      if (b1 < 0) {
        throw BadDataException.file(file, "is empty");
      }
      throw BadDataException.file(file, "is named .gz but is not gzip data; rename it or compress it");
    }
    return gzip ? new BufferedInputStream(new TruncationCheck(new GZIPInputStream(in, 1 << 16), file), 1 << 16) : in;
  }

  /** The stream past a UTF-8 byte order mark, which spreadsheet exports put before the header. */
  private static InputStream withoutByteOrderMark(InputStream in) throws IOException {
    in.mark(3);
    byte[] head = in.readNBytes(3);
    if (head.length < 3 || (head[0] & 0xff) != 0xef || (head[1] & 0xff) != 0xbb || (head[2] & 0xff) != 0xbf) {
      in.reset();
    }
    return in;
  }

  /** Why the first bytes do not fit {@code format}, or null when they do (or there are none). */
  private static String mismatch(InputStream in, String format) throws IOException {
    byte[] head = new byte[512];
    in.mark(head.length);
    int read = in.readNBytes(head, 0, head.length);
    in.reset();
    if (read == 0) {
      return "is empty";
    }
    if (read >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
      return "is a Parquet file, not " + format + "; set dataset.format: parquet";
    }
    for (int i = 0; i < read; i++) {
      if (head[i] == 0) {
        return "holds binary data (a NUL byte at offset " + i + "), not " + format + " text";
      }
    }
    if (DatasetSpec.JSONL.equals(format)) {
      String start = new String(head, 0, read, StandardCharsets.UTF_8).stripLeading();
      if (start.startsWith("[")) {
        return "is a JSON array, not JSON Lines; write one JSON object per line (jq -c '.[]' converts it)";
      }
      if (!start.isEmpty() && start.charAt(0) != '{') {
        return "is not JSON Lines (it starts with '" + start.substring(0, Math.min(20, start.length())).strip()
            + "'); each line must be a JSON object, or set dataset.format: csv";
      }
    }
    return null;
  }

  private static void requireMagic(Path spool, String file) throws IOException {
    long size = Files.size(spool);
    if (size == 0) {
      throw BadDataException.file(file, "is empty");
    }
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(spool)) {
      in.readNBytes(head, 0, 4);
    }
    if (size < 12 || !java.util.Arrays.equals(head, PARQUET_MAGIC)) {
      throw BadDataException.file(file, "is not a Parquet file (it does not start with PAR1); set dataset.format to "
          + "what it is (csv, jsonl)");
    }
  }

  /** A Parquet reader that deletes its spool file when closed. */
  private static final class SpooledParquet implements RecordReader {

    private final Path spool;
    private final ParquetRecords records;

    SpooledParquet(Path spool, String file) throws IOException {
      this.spool = spool;
      try {
        this.records = new ParquetRecords(spool, file);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(spool);
        throw e;
      }
    }

    @Override
    public java.util.List<String> columns() {
      return records.columns();
    }

    @Override
    public SourceRecord next() throws IOException {
      return records.next();
    }

    @Override
    public String unusable(String column) {
      return records.unusable(column);
    }

    @Override
    public void close() throws IOException {
      try {
        records.close();
      } finally {
        Files.deleteIfExists(spool);
      }
    }
  }
}
