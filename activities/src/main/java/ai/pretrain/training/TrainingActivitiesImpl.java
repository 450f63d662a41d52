package ai.pretrain.training;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.cache.StageRunner;
import ai.pretrain.data.Shards;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The training stages as Temporal activities; each is skipped when the stage cache holds its result. */
public class TrainingActivitiesImpl implements TrainingActivities {

  private final StageRunner stages;
  private final Duration checkpointInterval;

  public TrainingActivitiesImpl(StageRunner stages, Duration checkpointInterval) {
    this.stages = stages;
    this.checkpointInterval = checkpointInterval;
  }

  @Override
  public StageResult pretrain(RunContext run, PretrainSpec pretrain, StageResult data) {
    List<ArtifactRef> inputs = new ArrayList<>(Shards.training(data));
    inputs.add(data.artifact("validation"));
    Map<String, Object> config = Map.of("pretrain", pretrain, "seed", run.seed());
    return stages.run(run, Stages.PRETRAIN, config, inputs,
        stage -> new Pretraining(stage, pretrain, run.seed(), new ActivityHeartbeat(), checkpointInterval).run(data));
  }

  @Override
  public StageResult adapt(
      RunContext run, PretrainSpec architecture, AdaptSpec adapt, StageResult data, StageResult pretrained) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", architecture);
    config.put("adapt", adapt);
    config.put("classes", data.metrics().get("classes"));
    config.put("seed", run.seed());
    config.put("fromScratch", pretrained == null);
    List<ArtifactRef> inputs = pretrained == null ? List.of() : List.of(pretrained.artifact("encoder"));
    return stages.run(run, Stages.ADAPT, config, inputs,
        stage -> Adaptation.run(stage, architecture, adapt, data, pretrained, run.seed()));
  }

  @Override
  public StageResult fineTune(RunContext run, PretrainSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
      StageResult data, StageResult adapted) {
    Map<String, Object> config = Map.of(
        "architecture", architecture, "adapt", adapt, "fineTune", fineTune, "seed", run.seed());
    List<ArtifactRef> inputs =
        List.of(adapted.artifact("model"), data.artifact("labeled"), data.artifact("validation"));
    return stages.run(run, Stages.FINE_TUNE, config, inputs,
        stage -> new FineTuning(stage, fineTune, run.seed(), new ActivityHeartbeat(), checkpointInterval)
            .run(architecture, adapt, data, adapted));
  }
}
