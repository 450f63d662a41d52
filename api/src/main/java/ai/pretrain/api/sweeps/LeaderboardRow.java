package ai.pretrain.api.sweeps;

import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.sweep.RungResult;
import ai.pretrain.sweep.Trial;
import java.util.List;
import java.util.Map;

/**
 * One trial on the leaderboard.
 *
 * @param rank 1 for the best trial by the sweep's metric; null for a trial with no metric yet
 * @param model URI of the trial's latest model, kept when it was stopped
 */
public record LeaderboardRow(Integer rank, int trial, String state, Map<String, Double> parameters, Double metric,
    int epochs, List<RungResult> rungs, String model, String message) {

  static LeaderboardRow of(Integer rank, Trial t) {
    String model = t.result() != null && t.result().artifacts().containsKey(Artifacts.MODEL)
        ? t.result().artifact(Artifacts.MODEL).uri() : null;
    return new LeaderboardRow(rank, t.index(), t.state().name(), t.parameters(), t.metric(), t.epochs(), t.rungs(),
        model, t.message());
  }
}
