package ai.pretrain.sweep;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** A hyperparameter search whose trials train on the GPU queue, a bounded number at a time. */
@WorkflowInterface
public interface SweepWorkflow {

  @WorkflowMethod
  SweepResult run(SweepRequest request);

  @QueryMethod
  List<Trial> leaderboard();
}
