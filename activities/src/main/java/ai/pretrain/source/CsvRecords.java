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
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * A CSV file with a header row (RFC 4180 quoting, a UTF-8 byte order mark dropped, blank lines skipped, cells trimmed),
 * parsed by FastCSV as it streams in; bytes that are not UTF-8 fail rather than read as replacement characters. A file
 * named {@code .tsv} or {@code .tab} (gzip'ed or not) is tab-separated, with the same quoting, as pandas' and
 * spreadsheets' tab-separated exports are; every other one comma-separated.
 */
final class CsvRecords implements RecordReader {

  /** The delimiters exported tables use, by how a message names them. */
  private static final Map<Character, String> DELIMITERS = Map.of(',', "commas", ';', "semicolons", '\t', "tabs",
      '|', "vertical bars");

  private final String file;
  private final CsvReader<CsvRecord> reader;
  private final Iterator<CsvRecord> records;
  private final List<String> columns;
  private final Map<String, Integer> positions;

  CsvRecords(InputStream in, String file) throws IOException {
    this.file = file;
    char separator = separatorOf(file);
    // every record is checked against the header here, so the reader takes any number of cells
    this.reader = CsvReader.builder().fieldSeparator(separator).skipEmptyLines(true).allowExtraFields(true)
        .allowMissingFields(true)
        .build(CsvRecordHandler.builder().fieldModifier(FieldModifiers.TRIM).build(), Utf8.strictReader(in));
    this.records = reader.iterator();
    CsvRecord header = read();
    if (header == null) {
      throw BadDataException.file(file, "is empty: a CSV source needs a header row naming its columns");
    }
    List<String> named = new java.util.ArrayList<>(header.getFields());
    named.set(0, Utf8.withoutByteOrderMark(named.get(0)));
    this.columns = List.copyOf(named);
    requireSeparatedBy(separator, columns, file);
    requireNames(columns, file);
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).isEmpty()) {
        throw BadDataException.file(file, "the header row has no name for column " + (i + 1) + " of "
            + columns.size() + "; name every column (a trailing comma makes an unnamed one)");
      }
      int first = columns.indexOf(columns.get(i));
      if (first < i) {
        throw BadDataException.file(file, "the header row names column '" + columns.get(i) + "' twice (columns "
            + (first + 1) + " and " + (i + 1) + "); give every column a name of its own");
      }
    }
    this.positions = HeaderCells.positions(columns);
  }

  /** Tab for a {@code .tsv} or {@code .tab} file, gzip'ed or not; comma for every other. */
  static char separatorOf(String file) {
    String name = file.toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
    return name.endsWith(".tsv") || name.endsWith(".tab") ? '\t' : ',';
  }

  /**
   * A header read as one column that holds another delimiter is a file split by something else than its name says
   * (semicolons from a spreadsheet in a locale whose decimal mark is a comma, tabs in a file named .csv): refused
   * naming the delimiter and the fix, rather than later as a label column that is not there.
   */
  private static void requireSeparatedBy(char separator, List<String> columns, String file) {
    if (columns.size() != 1) {
      return;
    }
    for (Map.Entry<Character, String> delimiter : DELIMITERS.entrySet()) {
      if (delimiter.getKey() != separator && columns.get(0).indexOf(delimiter.getKey()) >= 0) {
        String header = "the header row is one column, '" + FeatureColumn.abbreviate(columns.get(0)) + "', split by "
            + delimiter.getValue() + ": ";
        throw BadDataException.file(file, header + (separator == '\t'
            ? "a .tsv or .tab file is read as tab-separated values; save it with tabs as the delimiter, or name it "
                + ".csv if it is comma-separated"
            : "dataset.format csv reads comma-separated values (RFC 4180); save the file with commas as the delimiter "
                + "(and dots as the decimal mark)" + (delimiter.getKey() == '\t'
                    ? ", or name a tab-separated file .tsv" : "")));
      }
    }
  }

  /** A header of numbers is the first row of a file exported without one, whose columns have no names to give. */
  private static void requireNames(List<String> columns, String file) {
    if (columns.stream().allMatch(cell -> !cell.isEmpty() && Float.isFinite(FeatureColumn.parse(cell)))) {
      throw BadDataException.file(file, "the header row holds only numbers ("
          + columns.stream().limit(3).map(c -> "'" + FeatureColumn.abbreviate(c) + "'").collect(
              java.util.stream.Collectors.joining(", ")) + (columns.size() > 3 ? ", ..." : "")
          + "), so the file has no header; add a first row naming the columns (dataset.label, features and id name "
          + "them)");
    }
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
      if (e.getCause() instanceof CharacterCodingException) {
        throw BadDataException.file(file, Utf8.notUtf8());
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
