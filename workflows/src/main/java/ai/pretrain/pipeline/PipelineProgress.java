package ai.pretrain.pipeline;

import java.util.List;

/** The answer to the progress query: every stage in run order, and which one was interrupted if the run stopped. */
public record PipelineProgress(String runId, List<StageProgress> stages, String interruptedStage) {}
