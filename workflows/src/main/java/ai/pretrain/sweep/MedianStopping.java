package ai.pretrain.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * The median stopping rule (Golovin et al., 2017, Google Vizier): a trial is checked every {@code minEpochs} epochs,
 * and stops when its best metric so far is worse than the median of the other trials' running averages at the same
 * rung, once at least {@code minTrials} others have reached it.
 */
public final class MedianStopping implements TrialScheduler {

  private final List<Integer> rungs;
  private final int minTrials;
  private final Objective objective;

  public MedianStopping(int minEpochs, int maxEpochs, int minTrials, Objective objective) {
    this.minTrials = minTrials;
    this.objective = objective;
    List<Integer> r = new ArrayList<>();
    for (int epochs = minEpochs; epochs < maxEpochs; epochs += minEpochs) {
      r.add(epochs);
    }
    r.add(maxEpochs);
    this.rungs = List.copyOf(r);
  }

  @Override
  public List<Integer> rungs() {
    return rungs;
  }

  @Override
  public Decision afterRung(Trial trial, List<Trial> trials) {
    int rung = trial.rungs().size() - 1;
    List<Double> averages = trials.stream()
        .filter(t -> t.index() != trial.index() && t.metricAt(rung) != null)
        .map(t -> runningAverage(t, rung))
        .sorted()
        .toList();
    if (averages.size() < minTrials) {
      return Decision.CONTINUE;
    }
    return objective.better(median(averages), bestSoFar(trial)) ? Decision.STOP : Decision.CONTINUE;
  }

  @Override
  public String stopReason(Trial trial) {
    int rung = trial.rungs().size() - 1;
    return "stopped by the median rule after rung " + rung + " (" + rungs.get(rung) + " epochs)";
  }

  private double bestSoFar(Trial trial) {
    return trial.rungs().stream().map(RungResult::metric).min(objective.bestFirst()).orElseThrow();
  }

  private static double runningAverage(Trial t, int rung) {
    double sum = 0;
    for (int k = 0; k <= rung; k++) {
      sum += t.metricAt(k);
    }
    return sum / (rung + 1);
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
