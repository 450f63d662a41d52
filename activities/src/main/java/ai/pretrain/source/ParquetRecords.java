package ai.pretrain.source;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet file read row group by row group with Apache Parquet Java; only the current row group is in memory. Flat
 * columns of numbers (decimals at their scale), booleans and strings are read; nested columns are refused by name,
 * and date and time columns as features or labels ({@link #unusable}).
 */
final class ParquetRecords implements RecordReader {

  private final String file;
  private final ParquetFileReader reader;
  private final MessageType schema;
  private final List<String> columns;
  private org.apache.parquet.io.RecordReader<Group> rows;
  private long left;
  private long row;

  ParquetRecords(Path local, String file) throws IOException {
    this.file = file;
    try {
      this.reader = ParquetFileReader.open(new LocalInputFile(local),
          ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
    } catch (RuntimeException | IOException e) {
      throw BadDataException.file(file, "is not a readable Parquet file (" + e.getMessage() + ")");
    }
    this.schema = reader.getFooter().getFileMetaData().getSchema();
    for (Type field : schema.getFields()) {
      if (!field.isPrimitive()) {
        reader.close();
        throw BadDataException.file(file, "column '" + field.getName() + "' is nested; flatten it to numbers or "
            + "strings");
      }
    }
    this.columns = schema.getFields().stream().map(Type::getName).toList();
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public SourceRecord next() throws IOException {
    try {
      while (left == 0) {
        PageReadStore pages = reader.readNextRowGroup();
        if (pages == null) {
          return null;
        }
        left = pages.getRowCount();
        rows = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
      }
      Group group = rows.read();
      left--;
      row++;
      Map<String, String> cells = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        cells.put(columns.get(i), group.getFieldRepetitionCount(i) == 0 ? null : cell(group, i));
      }
      return new SourceRecord(file, "row " + row, cells);
    } catch (ParquetDecodingException e) {
      throw BadDataException.file(file, "cannot decode row " + (row + 1) + ": " + e.getMessage());
    }
  }

  /**
   * A date, time or timestamp column (by its logical type, or Spark's legacy INT96 timestamps) reads as an ISO-8601
   * string, which an id column carries; as a feature or label it is refused rather than read as the day count or
   * the microseconds it is stored as.
   */
  @Override
  public String unusable(String column) {
    if (!schema.containsField(column)) {
      return null;
    }
    PrimitiveType type = schema.getType(column).asPrimitiveType();
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return ParquetFooter.temporal("DATE");
    }
    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
        || type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96) {
      return ParquetFooter.temporal("TIMESTAMP");
    }
    if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
      return ParquetFooter.temporal("TIME");
    }
    return null;
  }

  private String cell(Group group, int field) {
    PrimitiveType type = schema.getType(field).asPrimitiveType();
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
      // stored as an unscaled integer: 1.25 with scale 2 is 125
      BigInteger unscaled = switch (type.getPrimitiveTypeName()) {
        case INT32 -> BigInteger.valueOf(group.getInteger(field, 0));
        case INT64 -> BigInteger.valueOf(group.getLong(field, 0));
        default -> new BigInteger(group.getBinary(field, 0).getBytes());
      };
      return new BigDecimal(unscaled, decimal.getScale()).toPlainString();
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay(group.getInteger(field, 0)).toString();
    }
    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
      long value = group.getLong(field, 0);
      Instant instant = switch (timestamp.getUnit()) {
        case MILLIS -> Instant.ofEpochMilli(value);
        case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000);
        case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
      };
      return instant.toString();
    }
    return switch (type.getPrimitiveTypeName()) {
      case DOUBLE -> Double.toString(group.getDouble(field, 0));
      case FLOAT -> Float.toString(group.getFloat(field, 0));
      case INT32 -> Integer.toString(group.getInteger(field, 0));
      case INT64 -> Long.toString(group.getLong(field, 0));
      case BOOLEAN -> Boolean.toString(group.getBoolean(field, 0));
      default -> group.getValueToString(field, 0);
    };
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
