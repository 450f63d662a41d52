package ai.pretrain.sweep;

import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import io.temporal.failure.ApplicationFailure;

/**
 * The steps of one rung of a trial: a first rung that sweeps adapt or pretrain fields builds its own starting model,
 * then the rung fine-tunes and must report the sweep's metric. The sweep runs them as its own activities; sweeps
 * started before that ran them in a {@link TrialWorkflow} child.
 */
final class TrialRung {

  private TrialRung() {}

  static StageResult train(TrainingActivities training, TrialRequest request) {
    StageResult start = request.start();
    if (start == null) {
      StageResult encoder = request.pretrain()
          ? training.pretrain(request.run(), request.architecture(), request.data())
          : request.pretrained();
      start = training.adapt(request.run(), request.architecture(), request.adapt(), request.data(), encoder);
    }
    StageResult trained = request.untilEpoch() > 0
        ? training.fineTuneRung(request.run(), request.architecture().encoder(), request.adapt(), request.settings(),
            request.untilEpoch(), request.data(), start)
        : training.fineTune(request.run(), request.architecture().encoder(), request.adapt(), request.settings(),
            request.data(), start);
    Double metric = trained.metrics().get(request.metric());
    if (metric == null || metric.isNaN()) {
      throw ApplicationFailure.newNonRetryableFailure("trial " + request.trial() + " rung " + request.rung()
          + ": fineTune reported no '" + request.metric() + "' (it reported " + trained.metrics().keySet() + ")",
          "MetricMissing");
    }
    return trained;
  }
}
