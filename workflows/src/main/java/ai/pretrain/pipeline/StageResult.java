package ai.pretrain.pipeline;

import ai.pretrain.artifact.ArtifactRef;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * What a stage produced: named artifact references, scalar metrics, and whether it came from the stage cache.
 *
 * @param cacheKey hash of the stage kind, canonical config, input artifact hashes and code version
 * <p>Fields it does not know are ignored, so it reads any stage's typed result, such as {@link PreparedData}'s, as
 * the API does for every activity result of a run.
 *
 * @param cacheNote why the cache hit or missed: on a miss, which part of the key differs from the closest earlier one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageResult(
    String stage,
    Map<String, ArtifactRef> artifacts,
    Map<String, Double> metrics,
    boolean cacheHit,
    String cacheKey,
    String cacheNote) {

  public StageResult(
      String stage, Map<String, ArtifactRef> artifacts, Map<String, Double> metrics, boolean cacheHit, String cacheKey) {
    this(stage, artifacts, metrics, cacheHit, cacheKey, null);
  }

  public ArtifactRef artifact(String name) {
    ArtifactRef ref = artifacts.get(name);
    if (ref == null) {
      throw new IllegalStateException(stage + " produced no artifact named '" + name + "'; it has " + artifacts.keySet());
    }
    return ref;
  }
}
