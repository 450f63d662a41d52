package ai.pretrain.sweep;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.StageResult;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One point of the search space and what training it gave so far; a row of the leaderboard.
 *
 * @param rungs the metric after each rung trained, in order
 * @param result the last finished rung's fine-tune result, whose {@code model} the next rung starts from; for a
 *     finished trial carried across continue-as-new, only that model's reference ({@link #compact()})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
// A leaderboard of a thousand trials is carried from history to history: no "result":null and "message":null in each.
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trial(int index, Map<String, Double> parameters, TrialState state, List<RungResult> rungs,
    StageResult result, String message) {

  public Trial {
    rungs = rungs == null ? List.of() : List.copyOf(rungs);
  }

  public static Trial pending(int index, Map<String, Double> parameters) {
    return new Trial(index, parameters, TrialState.PENDING, List.of(), null, null);
  }

  /** The metric after the last finished rung, or null before the first. */
  public Double metric() {
    return rungs.isEmpty() ? null : rungs.get(rungs.size() - 1).metric();
  }

  /** The metric after rung {@code rung}, or null when the trial has not got there. */
  public Double metricAt(int rung) {
    return rung < rungs.size() ? rungs.get(rung).metric() : null;
  }

  /** Epochs trained so far. */
  public int epochs() {
    return rungs.isEmpty() ? 0 : rungs.get(rungs.size() - 1).epochs();
  }

  /** Whether the trial will train no further rung. */
  public boolean finished() {
    return state == TrialState.STOPPED || state == TrialState.COMPLETED || state == TrialState.FAILED;
  }

  /** The trial with its result reduced to the reference of its model (none when it produced no model). */
  public Trial compact() {
    ArtifactRef model = result == null ? null : result.artifacts().get(Artifacts.MODEL);
    StageResult kept = model == null ? null
        : new StageResult(result.stage(), Map.of(Artifacts.MODEL, model), Map.of(), result.cacheHit(), null);
    return new Trial(index, parameters, state, rungs, kept, message);
  }

  public Trial running() {
    return with(TrialState.RUNNING, null);
  }

  public Trial reported(RungResult rung, StageResult trained) {
    List<RungResult> next = new ArrayList<>(rungs);
    next.add(rung);
    return new Trial(index, parameters, TrialState.RUNNING, next, trained, null);
  }

  public Trial paused() {
    return with(TrialState.PAUSED, null);
  }

  public Trial stopped(String why) {
    return with(TrialState.STOPPED, why);
  }

  public Trial completed() {
    return with(TrialState.COMPLETED, null);
  }

  public Trial failed(String why) {
    return with(TrialState.FAILED, why);
  }

  private Trial with(TrialState state, String message) {
    return new Trial(index, parameters, state, rungs, result, message);
  }
}
