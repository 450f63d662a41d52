package ai.pretrain.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Data named by a spec besides the dataset: a built-in plugin by {@code name} (written as a plain string, as
 * {@code pretrain.corpus: sotu}), or objects in the store by {@code uri} with their {@code format} (default from the
 * extension) and, for text, the {@code text} column ({@code pretrain.corpus}, {@code pretrain.data},
 * {@code dataset.test}).
 */
public record SourceSpec(String name, String uri, String format, String text) {

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public SourceSpec(@JsonProperty("name") String name, @JsonProperty("uri") String uri,
      @JsonProperty("format") String format, @JsonProperty("text") String text) {
    this.name = name;
    this.uri = uri;
    this.format = format == null ? DatasetSpec.formatOf(uri) : format;
    this.text = text;
  }

  /** A built-in plugin, as a spec names it by a plain string. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static SourceSpec named(String name) {
    return name == null ? null : new SourceSpec(name, null, null, null);
  }

  /** Objects in the store at {@code uri}. */
  public static SourceSpec at(String uri, String format, String text) {
    return new SourceSpec(null, uri, format, text);
  }

  /** Whether this names objects in the store rather than a built-in plugin. */
  public boolean hasUri() {
    return uri != null;
  }

  /** A plugin's name as a plain string (as specs and recorded histories have always written it), else the fields. */
  @JsonValue
  Object json() {
    if (uri == null) {
      return name;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("uri", uri);
    fields.put("format", format);
    if (text != null) {
      fields.put("text", text);
    }
    return fields;
  }
}
