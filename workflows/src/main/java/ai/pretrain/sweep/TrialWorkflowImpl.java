package ai.pretrain.sweep;

import ai.pretrain.pipeline.StageOptions;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import io.temporal.workflow.Workflow;

/**
 * Trains one rung for a sweep started before the sweep ran its rungs as its own activities (see
 * {@link SweepWorkflowImpl}); kept registered so that such sweeps finish. Cancelling it (the sweep stopping the trial,
 * or the sweep being cancelled) cancels the training activity and waits for it to stop, so the slot is free when the
 * cancellation completes.
 */
public class TrialWorkflowImpl implements TrialWorkflow {

  private final TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class, StageOptions.TRAINING);

  @Override
  public StageResult run(TrialRequest request) {
    return TrialRung.train(training, request);
  }
}
