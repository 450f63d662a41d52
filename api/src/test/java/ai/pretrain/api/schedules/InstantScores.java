package ai.pretrain.api.schedules;

import ai.pretrain.api.InProcessStages;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.ReportActivities;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import java.util.List;
import java.util.Map;

/** Evaluation and the report answering at once, beside {@link InstantTraining}. */
final class InstantScores implements EvaluationActivities, ReportActivities {
  @Override
  public StageResult evaluate(RunContext run, EncoderSpec architecture, AdaptSpec adapt, PreparedData data,
      Map<String, StageResult> models, List<String> metrics) {
    return InProcessStages.result("evaluate", Map.of("pretrained.accuracy", 0.5));
  }

  @Override
  public StageResult writeReport(RunContext run, Map<String, StageResult> stages) {
    return InProcessStages.result("report", Map.of());
  }
}
