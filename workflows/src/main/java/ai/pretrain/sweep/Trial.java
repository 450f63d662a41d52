package ai.pretrain.sweep;

import ai.pretrain.pipeline.StageResult;
import java.util.Map;

/** One point of the search space and what training it gave; a row of the leaderboard. */
public record Trial(int index, Map<String, Double> parameters, TrialState state, Double validationAccuracy,
    StageResult result, String message) {

  public static Trial pending(int index, Map<String, Double> parameters) {
    return new Trial(index, parameters, TrialState.PENDING, null, null, null);
  }

  public Trial running() {
    return new Trial(index, parameters, TrialState.RUNNING, null, null, null);
  }

  public Trial completed(StageResult trained) {
    return new Trial(index, parameters, TrialState.COMPLETED, trained.metrics().get("validationAccuracy"), trained,
        null);
  }

  public Trial failed(String why) {
    return new Trial(index, parameters, TrialState.FAILED, null, null, why);
  }
}
