package ai.pretrain.pipeline;

import java.util.List;

/** A finished run: every stage's outcome, and the evaluation with its comparison table. */
public record PipelineResult(String runId, List<StageProgress> stages, StageResult evaluation) {}
