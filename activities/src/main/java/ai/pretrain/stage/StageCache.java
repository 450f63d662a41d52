package ai.pretrain.stage;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.artifact.StoreLayout;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.storage.ArtifactStore;
import ai.pretrain.storage.Lineage;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Content-addressed stage results: a stage's outputs live under the hash of its {@link CacheKey}, with the key's parts
 * ({@code key.json}) and, written last, a manifest ({@code stage.json}) that marks them complete. A later run with the
 * same key reuses them; a run with a new key is told which part differs from the closest earlier one.
 */
public final class StageCache {

  /** Earlier keys read when explaining a miss; a stage with more keeps its explanation to these. */
  private static final int MAX_EARLIER_KEYS = 200;

  private final ArtifactStore store;

  public StageCache(ArtifactStore store) {
    this.store = store;
  }

  /** Where a stage run's artifacts go: {@code stages/<stage>/<key>/<name>}. */
  public static String objectKey(String stage, String key, String name) {
    return StoreLayout.stageObject(stage, key, name);
  }

  /** The completed result for this key, marked as a cache hit, if an earlier run published one. */
  public Optional<StageResult> lookup(CacheKey key) {
    String hash = key.hash();
    return store.readSmall(objectKey(key.stage(), hash, StoreLayout.MANIFEST)).map(bytes -> {
      try {
        StageResult stored = CacheKey.CANONICAL.readValue(bytes, StageResult.class);
        return new StageResult(stored.stage(), stored.artifacts(), stored.metrics(), true, hash,
            "cache hit: reused the outputs stored under key " + hash);
      } catch (IOException e) {
        throw new UncheckedIOException("the cache manifest of " + key.stage() + "/" + hash + " is unreadable", e);
      }
    });
  }

  /** Why this key is not in the cache, from the parts of the stage's earlier keys. */
  public String explainMiss(CacheKey key) {
    List<CacheKey> earlier = new ArrayList<>();
    for (String hash : store.children(StoreLayout.stageFolder(key.stage()))) {
      if (earlier.size() == MAX_EARLIER_KEYS) {
        break;
      }
      if (!hash.equals(key.hash())) {
        store.readSmall(objectKey(key.stage(), hash, StoreLayout.CACHE_KEY)).ifPresent(bytes -> earlier.add(parse(bytes)));
      }
    }
    return CacheMissExplanation.explain(key, earlier);
  }

  /**
   * Records a finished stage: its key's parts (also listed among its artifacts as {@code cache-key}), then the
   * manifest, so a manifest always points at complete outputs.
   */
  public StageResult publish(CacheKey key, StageResult result, Lineage lineage) {
    try {
      ArtifactRef parts = store.put(objectKey(key.stage(), result.cacheKey(), StoreLayout.CACHE_KEY),
          CacheKey.CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsBytes(key), "cache-key", lineage);
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(result.artifacts());
      artifacts.put("cache-key", parts);
      StageResult published = new StageResult(result.stage(), Map.copyOf(artifacts), result.metrics(),
          result.cacheHit(), result.cacheKey(), result.cacheNote());
      byte[] manifest = CacheKey.CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsBytes(published);
      store.put(objectKey(result.stage(), result.cacheKey(), StoreLayout.MANIFEST), manifest, "stage-manifest", lineage);
      return published;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the manifest of stage " + result.stage(), e);
    }
  }

  private static CacheKey parse(byte[] bytes) {
    try {
      return CacheKey.CANONICAL.readValue(bytes, CacheKey.class);
    } catch (IOException e) {
      throw new UncheckedIOException("an earlier cache key is unreadable", e);
    }
  }
}
