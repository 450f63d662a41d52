package ai.pretrain.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Reads a table source record by record, as a stream: a CSV file, a JSON Lines file or a Parquet file. */
public interface RecordReader extends Closeable {

  /** The columns: a CSV header, a Parquet schema, the keys of a JSON Lines file's first record. */
  List<String> columns();

  /** The next record, or null after the last. */
  SourceRecord next() throws IOException;

  /**
   * Why {@code column} cannot be a feature or the label though its cells read as text (a Parquet date or time), or
   * null where it can.
   */
  default String unusable(String column) {
    return null;
  }
}
