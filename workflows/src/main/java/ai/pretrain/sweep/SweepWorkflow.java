package ai.pretrain.sweep;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** A hyperparameter search whose trials are child workflows training in rungs on the GPU queue. */
@WorkflowInterface
public interface SweepWorkflow {

  @WorkflowMethod
  SweepResult run(SweepRequest request);

  /** Every trial so far, in trial order: parameters, metric per rung, state. */
  @QueryMethod
  List<Trial> leaderboard();

  /** Stops a trial now: a running rung is cancelled (its slot freed), a paused trial is not promoted. */
  @SignalMethod
  void stopTrial(int trial);
}
