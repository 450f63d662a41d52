package ai.pretrain.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** A CSV file with a header row (RFC 4180 quoting), parsed by Apache Commons CSV as it streams in. */
final class CsvRecords implements RecordReader {

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
      .setIgnoreEmptyLines(true).setTrim(true).get();

  private final String file;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final List<String> columns;
  private final Map<String, Integer> positions;

  CsvRecords(InputStream in, String file) throws IOException {
    this.file = file;
    try {
      this.parser = CSVParser.builder().setReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .setFormat(FORMAT).get();
    } catch (IllegalArgumentException e) {
      throw BadDataException.file(file, "the header row cannot be read: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    this.columns = parser.getHeaderNames();
    if (columns.isEmpty()) {
      throw BadDataException.file(file, "is empty: a CSV source needs a header row naming its columns");
    }
    this.positions = HeaderCells.positions(columns);
    this.records = parser.iterator();
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public SourceRecord next() throws IOException {
    CSVRecord record;
    try {
      if (!records.hasNext()) {
        return null;
      }
      record = records.next();
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof java.io.EOFException || e.getCause() instanceof java.util.zip.ZipException) {
        throw e.getCause();
      }
      throw BadDataException.file(file, "malformed CSV after line " + parser.getCurrentLineNumber() + ": "
          + e.getCause().getMessage());
    } catch (IllegalStateException e) {
      throw BadDataException.file(file, "malformed CSV after line " + parser.getCurrentLineNumber() + ": "
          + e.getMessage());
    }
    // the line the record ends on (a quoted cell may span lines), counting the header as line 1
    String where = "line " + parser.getCurrentLineNumber();
    if (record.size() != columns.size()) {
      throw BadDataException.record(file, where, null, "has " + record.size() + " cells and the header has "
          + columns.size());
    }
    String[] cells = new String[columns.size()];
    for (int i = 0; i < cells.length; i++) {
      String value = record.get(i);
      cells[i] = value.isEmpty() ? null : value;
    }
    return new SourceRecord(file, where, new HeaderCells(columns, positions, cells));
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
