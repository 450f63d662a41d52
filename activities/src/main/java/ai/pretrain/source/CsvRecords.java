package ai.pretrain.source;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import de.siegmar.fastcsv.reader.FieldModifiers;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * A CSV file with a header row (RFC 4180 quoting, a UTF-8 byte order mark dropped, blank lines skipped, cells trimmed),
 * parsed by FastCSV as it streams in.
 */
final class CsvRecords implements RecordReader {

  private final String file;
  private final CsvReader<CsvRecord> reader;
  private final Iterator<CsvRecord> records;
  private final List<String> columns;
  private final Map<String, Integer> positions;

  CsvRecords(InputStream in, String file) throws IOException {
    this.file = file;
    // every record is checked against the header here, so the reader takes any number of cells
    this.reader = CsvReader.builder().skipEmptyLines(true).detectBomHeader(true).allowExtraFields(true)
        .allowMissingFields(true)
        .build(CsvRecordHandler.builder().fieldModifier(FieldModifiers.TRIM).build(), in, StandardCharsets.UTF_8);
    this.records = reader.iterator();
    CsvRecord header = read();
    if (header == null) {
      throw BadDataException.file(file, "is empty: a CSV source needs a header row naming its columns");
    }
    this.columns = header.getFields();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).isEmpty()) {
        throw BadDataException.file(file, "the header row has no name for column " + (i + 1) + " of "
            + columns.size() + "; name every column (a trailing comma makes an unnamed one)");
      }
    }
    this.positions = HeaderCells.positions(columns);
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public SourceRecord next() throws IOException {
    CsvRecord record = read();
    if (record == null) {
      return null;
    }
    // the line the record starts on (a quoted cell may span lines), counting the header as line 1
    String where = "line " + record.getStartingLineNumber();
    if (record.getFieldCount() != columns.size()) {
      throw BadDataException.record(file, where, null, "has " + record.getFieldCount() + " cells and the header has "
          + columns.size());
    }
    String[] cells = new String[columns.size()];
    for (int i = 0; i < cells.length; i++) {
      String value = record.getField(i);
      cells[i] = value.isEmpty() ? null : value;
    }
    return new SourceRecord(file, where, new HeaderCells(columns, positions, cells));
  }

  /** The next record, or null at the end; a truncated or corrupt stream is an IOException, bad CSV bad data. */
  private CsvRecord read() throws IOException {
    try {
      return records.hasNext() ? records.next() : null;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof EOFException || e.getCause() instanceof ZipException) {
        throw e.getCause();
      }
      throw BadDataException.file(file, "malformed CSV: " + e.getCause().getMessage());
    } catch (CsvParseException e) {
      throw BadDataException.file(file, "malformed CSV: " + e.getMessage()
          + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
