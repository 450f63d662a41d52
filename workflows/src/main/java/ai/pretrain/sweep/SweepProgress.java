package ai.pretrain.sweep;

import java.util.List;

/**
 * What a sweep carries from one workflow history into the next when it continues as new: the whole leaderboard (each
 * trial's parameters, rungs and latest model), the trial-epochs spent and stop requests not yet acted on.
 *
 * @param histories how many histories came before this one
 */
public record SweepProgress(List<Trial> trials, long trialEpochs, List<Integer> stopRequests, int histories) {

  public SweepProgress {
    trials = trials == null ? List.of() : List.copyOf(trials);
    stopRequests = stopRequests == null ? List.of() : List.copyOf(stopRequests);
  }
}
