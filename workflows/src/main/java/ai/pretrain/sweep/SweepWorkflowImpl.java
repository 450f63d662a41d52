package ai.pretrain.sweep;

import ai.pretrain.pipeline.Failures;
import ai.pretrain.pipeline.StageOptions;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.FineTuneSpec;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Grid search: trains every point of the grid, {@code parallelism} at a time, and keeps the best by validation accuracy. */
public class SweepWorkflowImpl implements SweepWorkflow {

  private final TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class, StageOptions.TRAINING);
  private final List<Trial> trials = new ArrayList<>();

  @Override
  public SweepResult run(SweepRequest request) {
    List<Map<String, Double>> points = GridSearch.points(request.sweep().parameters());
    for (int i = 0; i < points.size(); i++) {
      trials.add(Trial.pending(i, points.get(i)));
    }
    Map<Integer, Promise<StageResult>> inFlight = new HashMap<>();
    for (Trial trial : List.copyOf(trials)) {
      if (inFlight.size() == request.sweep().parallelism()) {
        Promise.anyOf(inFlight.values()).exceptionally(failed -> null).get();
        collectFinished(inFlight);
      }
      FineTuneSpec settings = settingsOf(request.base(), trial.parameters());
      trials.set(trial.index(), trial.running());
      inFlight.put(trial.index(), Async.function(() -> training.fineTune(
          request.run(), request.architecture(), request.adapt(), settings, request.data(), request.adapted())));
    }
    while (!inFlight.isEmpty()) {
      Promise.anyOf(inFlight.values()).exceptionally(failed -> null).get();
      collectFinished(inFlight);
    }
    Trial best = trials.stream()
        .filter(t -> t.state() == TrialState.COMPLETED)
        .max(Comparator.comparingDouble(Trial::validationAccuracy).thenComparing(t -> -t.index()))
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
            "every sweep trial failed; the first said: " + trials.get(0).message(), "SweepFailed"));
    return new SweepResult(List.copyOf(trials), best.index(), settingsOf(request.base(), best.parameters()),
        best.result());
  }

  @Override
  public List<Trial> leaderboard() {
    return List.copyOf(trials);
  }

  private void collectFinished(Map<Integer, Promise<StageResult>> inFlight) {
    for (Integer index : List.copyOf(inFlight.keySet())) {
      Promise<StageResult> promise = inFlight.get(index);
      if (!promise.isCompleted()) {
        continue;
      }
      inFlight.remove(index);
      try {
        trials.set(index, trials.get(index).completed(promise.get()));
      } catch (ActivityFailure e) {
        trials.set(index, trials.get(index).failed(Failures.rootMessage(e)));
      }
    }
  }

  private static FineTuneSpec settingsOf(FineTuneSpec base, Map<String, Double> parameters) {
    FineTuneSpec settings = base;
    for (Map.Entry<String, Double> p : parameters.entrySet()) {
      settings = settings.with(p.getKey(), p.getValue());
    }
    return settings;
  }
}
