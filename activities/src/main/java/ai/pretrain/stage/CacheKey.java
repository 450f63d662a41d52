package ai.pretrain.stage;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.artifact.Sha256;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * What a stage's cache key is hashed from: the stage kind, its canonical config (seed included), the sha256 of each
 * input artifact in order, and the code version. Kept beside the outputs as {@code key.json} so a later miss can say
 * which part changed.
 */
public record CacheKey(String stage, JsonNode config, List<String> inputs, String codeVersion) {

  static final ObjectMapper CANONICAL = JsonMapper.builder()
      .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .build();

  public static CacheKey of(String stage, Object config, List<ArtifactRef> inputs) {
    JsonNode canonical;
    try {
      canonical = CANONICAL.readTree(CANONICAL.writeValueAsBytes(config));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot canonicalize the config of stage " + stage, e);
    }
    return new CacheKey(stage, canonical, inputs.stream().map(ArtifactRef::sha256).toList(), CodeVersion.current());
  }

  /** The key: the first 32 hex digits of the sha256 of these parts in canonical JSON. */
  public String hash() {
    try {
      return Sha256.of(CANONICAL.writeValueAsBytes(this)).substring(0, 32);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot hash the cache key of stage " + stage, e);
    }
  }
}
