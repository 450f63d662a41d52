package ai.pretrain.api.runs;

import ai.pretrain.artifact.Sha256;
import ai.pretrain.spec.PipelineSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The sha256 of a parsed spec in canonical JSON, so YAML and JSON forms of the same spec compare equal. */
final class SpecDigest {

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private SpecDigest() {}

  static String of(PipelineSpec spec) {
    try {
      return Sha256.of(CANONICAL.writeValueAsString(spec));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed spec did not serialise: " + e.getMessage(), e);
    }
  }
}
