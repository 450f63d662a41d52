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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
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
    List<String> columns = new ArrayList<>();
    for (SchemaElement field : fields(sources, location, object)) {
      columns.add(field.getName());
    }
    return columns;
  }

  /** The columns that cannot be a feature or the label (dates and times), each with why, as the reader refuses them. */
  static Map<String, String> unusable(SourceObjects sources, SourceLocation location, SourceIdentity object)
      throws IOException {
    Map<String, String> unusable = new LinkedHashMap<>();
    for (SchemaElement field : fields(sources, location, object)) {
      String kind = temporalKind(field);
      if (kind != null) {
        unusable.put(field.getName(), temporal(kind));
      }
    }
    return unusable;
  }

  /**
   * Why a date or time column of {@code kind} (DATE, TIMESTAMP, TIME) is no feature or label; here, not in
   * {@link ParquetRecords}, since the API has this class but not the Parquet reader.
   */
  static String temporal(String kind) {
    return "is a Parquet " + kind + ", which is not a feature or label here";
  }

  private static String temporalKind(SchemaElement field) {
    LogicalType logical = field.isSetLogicalType() ? field.getLogicalType() : null;
    ConvertedType converted = field.isSetConverted_type() ? field.getConverted_type() : null;
    if ((logical != null && logical.isSetDATE()) || converted == ConvertedType.DATE) {
      return "DATE";
    }
    if ((logical != null && logical.isSetTIMESTAMP()) || converted == ConvertedType.TIMESTAMP_MILLIS
        || converted == ConvertedType.TIMESTAMP_MICROS || field.getType() == Type.INT96) {
      return "TIMESTAMP";
    }
    if ((logical != null && logical.isSetTIME()) || converted == ConvertedType.TIME_MILLIS
        || converted == ConvertedType.TIME_MICROS) {
      return "TIME";
    }
    return null;
  }

  private static List<SchemaElement> fields(SourceObjects sources, SourceLocation location, SourceIdentity object)
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
    List<SchemaElement> fields = new ArrayList<>();
    for (int i = 1; i < schema.size(); i++) {
      SchemaElement field = schema.get(i);
      if (field.isSetNum_children() && field.getNum_children() > 0) {
        throw BadDataException.file(object.uri(), "column '" + field.getName() + "' is nested; flatten it to numbers "
            + "or strings");
      }
      fields.add(field);
    }
    return fields;
  }
}
