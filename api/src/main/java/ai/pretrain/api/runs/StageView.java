package ai.pretrain.api.runs;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import ai.pretrain.pipeline.TrainingProgress;
import java.util.Map;

/** One stage of a run as the API shows it: the workflow's progress plus, while training, the last heartbeat. */
public record StageView(
    String stage,
    StageState state,
    boolean cacheHit,
    String cacheKey,
    Map<String, Double> metrics,
    Map<String, ArtifactRef> artifacts,
    String message,
    TrainingProgress live) {

  static StageView of(StageProgress progress, TrainingProgress live) {
    return new StageView(progress.stage(), progress.state(), progress.cacheHit(), progress.cacheKey(),
        progress.metrics(), progress.artifacts(), progress.message(), live);
  }
}
