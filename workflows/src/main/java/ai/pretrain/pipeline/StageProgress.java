package ai.pretrain.pipeline;

import ai.pretrain.artifact.ArtifactRef;
import java.util.Map;

/**
 * One stage as the progress query reports it. Live epoch, step and loss of a running training stage come from its
 * heartbeat ({@link TrainingProgress}); once done, its final metrics and artifacts are here.
 */
public record StageProgress(
    String stage,
    StageState state,
    boolean cacheHit,
    String cacheKey,
    Map<String, Double> metrics,
    Map<String, ArtifactRef> artifacts,
    String message) {

  public static StageProgress pending(String stage) {
    return new StageProgress(stage, StageState.PENDING, false, null, Map.of(), Map.of(), null);
  }

  public StageProgress running() {
    return new StageProgress(stage, StageState.RUNNING, false, null, Map.of(), Map.of(), null);
  }

  public StageProgress completed(StageResult result) {
    return new StageProgress(stage, StageState.COMPLETED, result.cacheHit(), result.cacheKey(), result.metrics(),
        result.artifacts(), result.cacheNote() != null ? result.cacheNote()
            : result.cacheHit() ? "reused from the stage cache" : null);
  }

  public StageProgress ended(StageState state, String message) {
    return new StageProgress(stage, state, cacheHit, cacheKey, metrics, artifacts, message);
  }
}
