package ai.pretrain.source;

import ai.pretrain.storage.SourceIdentity;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What data prep read from a source, published as {@code dataset-card.json}: the objects and their identities, rows
 * read and skipped (with the first reasons), the classes and their counts, and per feature its kind, mean, standard
 * deviation, minimum, maximum and missing count (before standardization).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetCard(
    String uri,
    String format,
    String task,
    String label,
    List<SourceIdentity> sources,
    long recordsRead,
    long recordsSkipped,
    List<String> skipped,
    Map<String, Long> classes,
    List<Feature> features,
    String testUri) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One feature column (or, for images, all pixels together). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Feature(String name, String kind, Double mean, Double std, Double min, Double max, long missing,
      List<String> categories) {}

  /** This card with a fixed test set's URI. */
  public DatasetCard withTest(String test) {
    return new DatasetCard(uri, format, task, label, sources, recordsRead, recordsSkipped, skipped, classes, features,
        test);
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DatasetCard fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, DatasetCard.class);
  }
}
