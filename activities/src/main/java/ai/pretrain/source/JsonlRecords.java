package ai.pretrain.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A JSON Lines file, one JSON object per line, each parsed by Jackson as the file streams in. */
final class JsonlRecords implements RecordReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String file;
  private final BufferedReader lines;
  private final List<String> columns = new ArrayList<>();
  private SourceRecord first;
  private long lineNumber;

  JsonlRecords(InputStream in, String file) throws IOException {
    this.file = file;
    this.lines = new BufferedReader(Utf8.strictReader(in), 1 << 16);
    this.first = read();
    if (first == null) {
      throw BadDataException.file(file, "is empty: a JSON Lines source needs at least one record");
    }
    columns.addAll(first.cells().keySet());
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public SourceRecord next() throws IOException {
    if (first != null) {
      SourceRecord record = first;
      first = null;
      return record;
    }
    return read();
  }

  private SourceRecord read() throws IOException {
    String line;
    do {
      try {
        line = lines.readLine();
      } catch (CharacterCodingException e) {
        throw BadDataException.file(file, Utf8.notUtf8());
      }
      lineNumber++;
    } while (line != null && line.isBlank());
    if (line == null) {
      return null;
    }
    String where = "line " + lineNumber;
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw BadDataException.record(file, where, null, "not JSON: " + e.getOriginalMessage()
          + (e.getOriginalMessage().startsWith("Unexpected end-of-input")
              ? "; JSON Lines holds each record on one line (jq -c . writes pretty-printed JSON so)" : ""));
    }
    if (node == null || !node.isObject()) {
      throw BadDataException.record(file, where, null, "is not a JSON object; each line must be {\"column\": value}");
    }
    Map<String, String> cells = new LinkedHashMap<>();
    node.fields().forEachRemaining(field -> cells.put(field.getKey(), text(field.getValue())));
    return new SourceRecord(file, where, cells);
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
