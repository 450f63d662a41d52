package ai.pretrain.pipeline;

import java.util.List;

/**
 * A finished run: every stage's outcome, the evaluation with its comparison table, and the adapt and fine-tune of
 * each baseline the evaluation compared against ({@code adapt.<baseline>}, {@code fineTune.<baseline>}; empty in
 * results recorded before baselines were reported).
 */
public record PipelineResult(String runId, List<StageProgress> stages, StageResult evaluation,
    List<StageProgress> baselines) {

  public PipelineResult {
    baselines = baselines == null ? List.of() : baselines;
  }

  public PipelineResult(String runId, List<StageProgress> stages, StageResult evaluation) {
    this(runId, stages, evaluation, List.of());
  }
}
