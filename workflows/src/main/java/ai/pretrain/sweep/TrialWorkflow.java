package ai.pretrain.sweep;

import ai.pretrain.pipeline.StageResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A sweep trial's rung as a child workflow: trains the rung on the GPU queue and reports its metric. A trial is the
 * sequence of these children under ids {@code <sweep>-trial-<n>-rung-<k>}; the sweep starts the next rung only when its
 * scheduler says so.
 */
@WorkflowInterface
public interface TrialWorkflow {

  /** The rung's fine-tune result; its {@code model} artifact is where the next rung starts. */
  @WorkflowMethod
  StageResult run(TrialRequest request);
}
