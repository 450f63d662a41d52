package ai.pretrain.api.schedules;

import ai.pretrain.api.InProcessStages;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.Map;

/** Training that answers at once: the scheduled-run test is about data prep and its cache. */
final class InstantTraining implements TrainingActivities {

  @Override
  public StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data) {
    return InProcessStages.result("pretrain", Map.of());
  }

  @Override
  public StageResult adapt(RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data,
      StageResult pretrained) {
    return InProcessStages.result("adapt", Map.of());
  }

  @Override
  public StageResult fineTune(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
      PreparedData data, StageResult adapted) {
    return InProcessStages.result("fineTune", Map.of());
  }

  @Override
  public StageResult fineTuneRung(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
      int untilEpoch, PreparedData data, StageResult start) {
    throw new UnsupportedOperationException("the scheduled runs have no sweep");
  }
}
