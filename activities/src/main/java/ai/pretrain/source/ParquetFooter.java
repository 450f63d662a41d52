package ai.pretrain.source;

import ai.pretrain.storage.SourceIdentity;
import ai.pretrain.storage.SourceLocation;
import ai.pretrain.storage.SourceObjects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * The columns of a Parquet object from its footer alone: two ranged reads (the footer's length and magic, then the
 * footer) decoded with Apache Parquet's own Thrift structures ({@code parquet-format-structures}, which needs neither
 * Hadoop nor the rest of Parquet), so the API can check columns at submit without downloading the data.
 */
final class ParquetFooter {

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  /** The length and magic after the footer. */
  private static final int TAIL = 8;

  private ParquetFooter() {}

  /** The top-level column names, in the file's order; a nested column fails, naming it. */
  static List<String> columns(SourceObjects sources, SourceLocation location, SourceIdentity object)
      throws IOException {
    if (object.size() < MAGIC.length + TAIL) {
      throw BadDataException.file(object.uri(), "is not a Parquet file (" + object.size() + " bytes)");
    }
    byte[] tail = sources.read(location, object, object.size() - TAIL, TAIL);
    if (!Arrays.equals(tail, 4, TAIL, MAGIC, 0, MAGIC.length)) {
      throw BadDataException.file(object.uri(), "is not a Parquet file (it does not end with PAR1); set "
          + "dataset.format to the file's format");
    }
    int length = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (length <= 0 || length > object.size() - MAGIC.length - TAIL) {
      throw BadDataException.file(object.uri(), "has a damaged Parquet footer (its length reads " + length + ")");
    }
    FileMetaData metadata;
    try {
      metadata = Util.readFileMetaData(new ByteArrayInputStream(
          sources.read(location, object, object.size() - TAIL - length, length)));
    } catch (IOException e) {
      throw BadDataException.file(object.uri(), "has a damaged Parquet footer (" + e.getMessage() + ")");
    }
    // the schema is flattened depth first: the root, then each field followed by its own children
    List<SchemaElement> schema = metadata.getSchema();
    List<String> columns = new ArrayList<>();
    for (int i = 1; i < schema.size(); i++) {
      SchemaElement field = schema.get(i);
      if (field.isSetNum_children() && field.getNum_children() > 0) {
        throw BadDataException.file(object.uri(), "column '" + field.getName() + "' is nested; flatten it to numbers "
            + "or strings");
      }
      columns.add(field.getName());
    }
    return columns;
  }
}
