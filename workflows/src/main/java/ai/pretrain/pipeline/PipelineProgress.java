package ai.pretrain.pipeline;

import java.util.List;

/**
 * The answer to the progress query: every stage in run order, which one was interrupted if the run stopped, and the
 * baselines' adapt and fine-tune stages ({@code adapt.<baseline>}, {@code fineTune.<baseline>}) once evaluation
 * trains them.
 */
public record PipelineProgress(String runId, List<StageProgress> stages, String interruptedStage,
    List<StageProgress> baselines) {

  public PipelineProgress {
    baselines = baselines == null ? List.of() : baselines;
  }

  public PipelineProgress(String runId, List<StageProgress> stages, String interruptedStage) {
    this(runId, stages, interruptedStage, List.of());
  }
}
