package ai.pretrain.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A CSV file as rows of cells (RFC 4180 quoting), read without assuming which columns it has. */
record CsvTable(List<String> header, List<List<String>> rows) {

  static CsvTable parse(String csv) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
          i++;
        }
        record.add(cell.toString());
        cell.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else {
        cell.append(c);
      }
    }
    if (cell.length() > 0 || !record.isEmpty()) {
      record.add(cell.toString());
      records.add(record);
    }
    records.removeIf(r -> r.size() == 1 && r.get(0).isBlank());
    if (records.isEmpty()) {
      return new CsvTable(List.of(), List.of());
    }
    return new CsvTable(List.copyOf(records.get(0)), List.copyOf(records.subList(1, records.size())));
  }

  /** The index of the first column named one of {@code names} (ignoring case), if any. */
  Optional<Integer> column(List<String> names) {
    for (String name : names) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).equalsIgnoreCase(name)) {
          return Optional.of(i);
        }
      }
    }
    return Optional.empty();
  }

  /** The cell as a number, or null when the row is short or the cell is not one. */
  Double number(List<String> row, int column) {
    if (column >= row.size()) {
      return null;
    }
    try {
      double value = Double.parseDouble(row.get(column).trim());
      return Double.isFinite(value) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
