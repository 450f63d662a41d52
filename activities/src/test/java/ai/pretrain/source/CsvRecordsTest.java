package ai.pretrain.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV as exports write it: RFC 4180 quoting, a byte order mark, blank lines, padded cells; and its faults named. */
class CsvRecordsTest {

  @Test
  void quotedCellsKeepCommasQuotesAndNewlines() throws IOException {
    try (CsvRecords csv = csv("id,body,label\n1,\"Hello, \"\"world\"\"\nsecond line\",spam\n\n 2 , plain ,ham\n")) {
      assertEquals(List.of("id", "body", "label"), csv.columns());
      SourceRecord first = csv.next();
      assertEquals("Hello, \"world\"\nsecond line", first.cells().get("body"));
      assertEquals("line 2", first.where());
      SourceRecord second = csv.next();
      assertEquals("2", second.cells().get("id"));
      assertEquals("plain", second.cells().get("body"));
      assertEquals("line 5", second.where());
      assertNull(csv.next());
    }
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstColumnsName() throws IOException {
    try (CsvRecords csv = csv("\uFEFFtenure,churned\n3,yes\n")) {
      assertEquals(List.of("tenure", "churned"), csv.columns());
      assertEquals("3", csv.next().cells().get("tenure"));
    }
  }

  @Test
  void emptyCellsAreMissing() throws IOException {
    try (CsvRecords csv = csv("a,b\n,2\n")) {
      assertNull(csv.next().cells().get("a"));
    }
  }

  @Test
  void aFileWithoutAHeaderRowIsRefusedNamingTheFix() {
    // iris as many tools export it: the first row is data, so its numbers were taken for column names and a submit
    // answered that the label column was not among columns '5.1, 3.5, 1.4, 0.2, 0'
    BadDataException headerless =
        assertThrows(BadDataException.class, () -> csv("5.1,3.5,1.4,0.2,0\n4.9,3,1.4,0.2,0\n"));
    assertEquals("s3://b/t.csv: the header row holds only numbers ('5.1', '3.5', '1.4', ...), so the file has no "
        + "header; add a first row naming the columns (dataset.label, features and id name them)",
        headerless.getMessage());
  }

  @Test
  void faultsNameTheFileLineAndFix() throws IOException {
    BadDataException empty = assertThrows(BadDataException.class, () -> csv(""));
    assertTrue(empty.getMessage().contains("t.csv: is empty"), empty.getMessage());
    BadDataException unnamed = assertThrows(BadDataException.class, () -> csv("a,b,\n1,2,3\n"));
    assertTrue(unnamed.getMessage().contains("no name for column 3 of 3"), unnamed.getMessage());
    try (CsvRecords csv = csv("a,b\n1,2\n3\n")) {
      csv.next();
      BadDataException shortRow = assertThrows(BadDataException.class, csv::next);
      assertTrue(shortRow.getMessage().contains("line 3: has 1 cells and the header has 2"), shortRow.getMessage());
    }
  }

  private static CsvRecords csv(String text) throws IOException {
    return new CsvRecords(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "s3://b/t.csv");
  }
}
