package ai.pretrain.api.runs;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import ai.pretrain.pipeline.TrainingProgress;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One stage of a run as the API shows it: the workflow's progress plus, while training, the last heartbeat. */
public record StageView(
    String stage,
    StageState state,
    boolean cacheHit,
    @Schema(nullable = true) String cacheKey,
    Map<String, Double> metrics,
    Map<String, ArtifactRef> artifacts,
    @Schema(nullable = true) String message,
    @Schema(nullable = true) TrainingProgress live) {

  static StageView of(StageProgress progress, TrainingProgress live) {
    return new StageView(progress.stage(), progress.state(), progress.cacheHit(), progress.cacheKey(),
        progress.metrics(), progress.artifacts(), progress.message(), live);
  }
}
