package ai.pretrain.pipeline;

import java.util.List;

/**
 * What every stage of one run knows about the run: its id (for lineage), seed (for reproducibility) and the stages the
 * spec forces to run again even where the stage cache holds their result.
 */
public record RunContext(String runId, String pipelineName, long seed, List<String> rerun) {

  public RunContext {
    rerun = rerun == null ? List.of() : List.copyOf(rerun);
  }

  public RunContext(String runId, String pipelineName, long seed) {
    this(runId, pipelineName, seed, List.of());
  }

  /** Whether the spec reruns {@code stage}; rerunning adapt reruns the continued pretraining within it too. */
  public boolean forcesRerun(String stage) {
    return rerun.contains(stage) || Stages.CONTINUED_PRETRAINING.equals(stage) && rerun.contains(Stages.ADAPT);
  }
}
