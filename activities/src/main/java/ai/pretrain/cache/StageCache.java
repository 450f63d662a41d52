package ai.pretrain.cache;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.storage.ArtifactStore;
import ai.pretrain.storage.Lineage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Content-addressed stage results: a stage's outputs live under a key hashed from its kind, canonical config, input
 * artifact hashes and code version, and a manifest written last marks them complete. A later run with the same key
 * reuses them instead of training again.
 */
public final class StageCache {

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .build();

  private final ArtifactStore store;

  public StageCache(ArtifactStore store) {
    this.store = store;
  }

  /** The key of a stage run: equal keys mean the same outputs. */
  public static String key(String stage, Object config, List<ArtifactRef> inputs) {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("stage", stage);
    parts.put("config", config);
    parts.put("inputs", inputs.stream().map(ArtifactRef::sha256).toList());
    parts.put("codeVersion", CodeVersion.current());
    try {
      byte[] canonical = CANONICAL.writeValueAsBytes(parts);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)).substring(0, 32);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash the config of stage " + stage, e);
    }
  }

  /** Where a stage run's artifacts go: {@code stages/<stage>/<key>/<name>}. */
  public static String objectKey(String stage, String key, String name) {
    return "stages/" + stage + "/" + key + "/" + name;
  }

  /** The completed result for this key, marked as a cache hit, if an earlier run published one. */
  public Optional<StageResult> lookup(String stage, String key) {
    return store.readSmall(objectKey(stage, key, "stage.json")).map(bytes -> {
      try {
        StageResult stored = CANONICAL.readValue(bytes, StageResult.class);
        return new StageResult(stored.stage(), stored.artifacts(), stored.metrics(), true, key);
      } catch (IOException e) {
        throw new UncheckedIOException("the cache manifest of " + stage + "/" + key + " is unreadable", e);
      }
    });
  }

  /** Records a finished stage; written after all its artifacts, so a manifest always points at complete outputs. */
  public StageResult publish(StageResult result, Lineage lineage) {
    try {
      byte[] manifest = CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsBytes(result);
      store.put(objectKey(result.stage(), result.cacheKey(), "stage.json"), manifest, "stage-manifest", lineage);
      return result;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the manifest of stage " + result.stage(), e);
    }
  }
}
