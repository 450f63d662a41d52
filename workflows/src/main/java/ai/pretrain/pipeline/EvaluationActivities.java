package ai.pretrain.pipeline;

import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/** Scores trained models on the test split and writes the comparison table. */
@ActivityInterface
public interface EvaluationActivities {

  /**
   * Evaluates each named model (e.g. {@code pretrained}, {@code scratch}) on the test split. Artifacts:
   * {@code comparison-json}, {@code comparison-md}. Metrics: {@code <model>.accuracy}, {@code .precision},
   * {@code .recall}, {@code .f1} (macro averages); for a regression dataset {@code <model>.mse}, {@code .mae},
   * {@code .r2} in the target's own units.
   */
  StageResult evaluate(RunContext run, EncoderSpec architecture, AdaptSpec adapt, PreparedData data,
      Map<String, StageResult> models, List<String> metrics);
}
