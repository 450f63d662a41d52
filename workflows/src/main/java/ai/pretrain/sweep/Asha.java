package ai.pretrain.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * Asynchronous successive halving (Li et al., 2020): rungs of {@code minEpochs * η^k} epochs up to {@code maxEpochs};
 * a trial that finishes a rung pauses, and whenever a slot is free the best paused trial inside the top {@code 1/η} of
 * its rung (counting every trial that reached the rung so far) is promoted to the next; otherwise a new trial starts.
 */
public final class Asha implements TrialScheduler {

  private final List<Integer> rungs;
  private final int reductionFactor;
  private final Objective objective;

  public Asha(int minEpochs, int maxEpochs, int reductionFactor, Objective objective) {
    this.reductionFactor = reductionFactor;
    this.objective = objective;
    List<Integer> r = new ArrayList<>();
    long epochs = minEpochs;
    while (epochs < maxEpochs) {
      r.add((int) epochs);
      epochs *= reductionFactor;
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
    return Decision.PAUSE;
  }

  @Override
  public int promotion(List<Trial> trials) {
    for (int rung = rungs.size() - 2; rung >= 0; rung--) {
      for (Trial t : top(rung, trials)) {
        if (t.state() == TrialState.PAUSED && t.rungs().size() == rung + 1) {
          return t.index();
        }
      }
    }
    return -1;
  }

  /** The trials inside the top {@code 1/η} of everyone who reached {@code rung}, best first. */
  List<Trial> top(int rung, List<Trial> trials) {
    List<Trial> reached = trials.stream().filter(t -> t.metricAt(rung) != null)
        .sorted(objective.bestFirstAt(rung)).toList();
    return reached.subList(0, reached.size() / reductionFactor);
  }

  @Override
  public String stopReason(Trial trial) {
    int rung = trial.rungs().size() - 1;
    return "not promoted: outside the top 1/" + reductionFactor + " of rung " + rung + " (" + rungs.get(rung)
        + " epochs)";
  }
}
