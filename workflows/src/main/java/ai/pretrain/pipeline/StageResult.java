package ai.pretrain.pipeline;

import ai.pretrain.artifact.ArtifactRef;
import java.util.Map;

/**
 * What a stage produced: named artifact references, scalar metrics, and whether it came from the stage cache.
 *
 * @param cacheKey hash of the stage kind, canonical config, input artifact hashes and code version
 */
public record StageResult(
    String stage, Map<String, ArtifactRef> artifacts, Map<String, Double> metrics, boolean cacheHit, String cacheKey) {

  public ArtifactRef artifact(String name) {
    ArtifactRef ref = artifacts.get(name);
    if (ref == null) {
      throw new IllegalStateException(stage + " produced no artifact named '" + name + "'; it has " + artifacts.keySet());
    }
    return ref;
  }
}
