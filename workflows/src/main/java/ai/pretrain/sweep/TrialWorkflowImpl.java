package ai.pretrain.sweep;

import ai.pretrain.pipeline.StageOptions;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/**
 * Trains one rung; a trial's first rung that sweeps adapt or pretrain fields first builds its own starting model.
 * Cancelling it (the sweep stopping the trial, or the sweep being cancelled) cancels the training
 * activity and waits for it to stop, so the slot is free when the cancellation completes.
 */
public class TrialWorkflowImpl implements TrialWorkflow {

  private final TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class, StageOptions.TRAINING);

  @Override
  public StageResult run(TrialRequest request) {
    StageResult start = request.start();
    if (start == null) {
      StageResult encoder = request.pretrain()
          ? training.pretrain(request.run(), request.architecture(), request.data())
          : request.pretrained();
      start = training.adapt(request.run(), request.architecture(), request.adapt(), request.data(), encoder);
    }
    StageResult trained = training.fineTune(request.run(), request.architecture().encoder(), request.adapt(),
        request.settings(), request.data(), start);
    Double metric = trained.metrics().get(request.metric());
    if (metric == null || metric.isNaN()) {
      throw ApplicationFailure.newNonRetryableFailure("trial " + request.trial() + " rung " + request.rung()
          + ": fineTune reported no '" + request.metric() + "' (it reported " + trained.metrics().keySet() + ")",
          "MetricMissing");
    }
    return trained;
  }
}
