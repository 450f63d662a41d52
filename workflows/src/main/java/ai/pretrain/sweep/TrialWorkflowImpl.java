package ai.pretrain.sweep;

import ai.pretrain.pipeline.StageOptions;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/**
 * Trains one rung. Cancelling it (the sweep stopping the trial, or the sweep being cancelled) cancels the training
 * activity and waits for it to stop, so the slot is free when the cancellation completes.
 */
public class TrialWorkflowImpl implements TrialWorkflow {

  private final TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class, StageOptions.TRAINING);

  @Override
  public StageResult run(TrialRequest request) {
    StageResult trained = training.fineTune(request.run(), request.architecture(), request.adapt(),
        request.settings(), request.data(), request.start());
    Double metric = trained.metrics().get(request.metric());
    if (metric == null || metric.isNaN()) {
      throw ApplicationFailure.newNonRetryableFailure("trial " + request.trial() + " rung " + request.rung()
          + ": fineTune reported no '" + request.metric() + "' (it reported " + trained.metrics().keySet() + ")",
          "MetricMissing");
    }
    return trained;
  }
}
