package ai.pretrain.source;

import java.io.IOException;
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
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet file read row group by row group with Apache Parquet Java; only the current row group is in memory. Flat
 * columns of numbers, booleans and strings are read; nested columns are refused by name.
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

  private String cell(Group group, int field) {
    PrimitiveType type = schema.getType(field).asPrimitiveType();
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
