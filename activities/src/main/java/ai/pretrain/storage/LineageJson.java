package ai.pretrain.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The {@code <key>.lineage.json} form of a {@link Lineage}: pretty JSON, times as ISO-8601 strings. */
final class LineageJson {

  static final String SUFFIX = ".lineage.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private LineageJson() {}

  static byte[] write(Lineage lineage) {
    try {
      return MAPPER.writeValueAsBytes(lineage);
    } catch (IOException e) {
      throw new IllegalArgumentException("lineage parameters are not serialisable to JSON: " + e.getMessage(), e);
    }
  }

  static Lineage read(byte[] json, String source) {
    try {
      return MAPPER.readValue(json, Lineage.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable lineage manifest " + source, e);
    }
  }
}
