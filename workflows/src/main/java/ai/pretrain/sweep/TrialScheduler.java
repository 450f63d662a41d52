package ai.pretrain.sweep;

import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.SweepSpec;
import java.util.List;

/** Decides, rung by rung, which trials train on: the early-stopping half of a search algorithm. */
public interface TrialScheduler {

  /** What a trial does after reporting a rung. */
  enum Decision {
    /** Train the next rung now. */
    CONTINUE,
    /** Give up the slot and wait to be promoted. */
    PAUSE,
    /** Train no further. */
    STOP,
    /** The last rung is done. */
    COMPLETE
  }

  /** The rungs as cumulative epochs, shortest first; the last is a whole trial. */
  List<Integer> rungs();

  /** The decision for {@code trial}, which has just reported a rung that is not its last. */
  Decision afterRung(Trial trial, List<Trial> trials);

  /** Epochs a trial has trained in all once rung {@code rung} is done. */
  default int rungEpochs(int rung, FineTuneSpec settings) {
    return rungs().get(rung);
  }

  /** Why a trial was stopped, for the leaderboard. */
  String stopReason(Trial trial);

  /** A paused trial to promote now, or -1. */
  default int promotion(List<Trial> trials) {
    return -1;
  }

  /** Whether the trial has trained its last rung. */
  default boolean finished(Trial trial) {
    return trial.rungs().size() >= rungs().size();
  }

  static TrialScheduler of(SweepSpec sweep, int maxEpochs) {
    Objective objective = new Objective(sweep.metric(), sweep.mode());
    return switch (sweep.scheduler()) {
      case "fifo" -> new Fifo(maxEpochs);
      case "asha" -> new Asha(sweep.minEpochs(), maxEpochs, sweep.reductionFactor(), objective);
      case "median" -> new MedianStopping(sweep.minEpochs(), maxEpochs, sweep.startupTrials(), objective);
      default -> throw new IllegalArgumentException("unknown sweep scheduler '" + sweep.scheduler() + "'");
    };
  }

  /** No early stopping: one rung, the whole trial. */
  record Fifo(int maxEpochs) implements TrialScheduler {

    @Override
    public List<Integer> rungs() {
      return List.of(maxEpochs);
    }

    /** A swept {@code fineTune.epochs} is each trial's own length. */
    @Override
    public int rungEpochs(int rung, FineTuneSpec settings) {
      return settings.epochs();
    }

    @Override
    public Decision afterRung(Trial trial, List<Trial> trials) {
      return Decision.CONTINUE;
    }

    @Override
    public String stopReason(Trial trial) {
      return "stopped";
    }
  }
}
