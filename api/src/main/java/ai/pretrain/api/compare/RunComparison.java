package ai.pretrain.api.compare;

import java.util.List;

/**
 * Runs side by side: each run's comparison rows, the spec fields that differ between them, and the stage results they
 * share through the stage cache.
 */
public record RunComparison(List<ComparedRun> runs, List<SpecDifference> specDiff, List<SharedStage> sharedStages) {}
