package ai.pretrain.sweep;

import ai.pretrain.spec.SweepSpec;
import java.util.List;
import java.util.Map;

/** Chooses the parameters of the next trial; deterministic in the trial index, the seed and the leaderboard. */
public interface Sampler {

  /** The parameters for trial {@code trial}, or null when the space has no new point (a finished grid). */
  Map<String, Double> suggest(int trial, List<Trial> trials);

  static Sampler of(SweepSpec sweep, long seed) {
    Objective objective = new Objective(sweep.metric(), sweep.mode());
    return switch (sweep.method()) {
      case "grid" -> {
        List<Map<String, Double>> points = GridSearch.points(sweep.parameters());
        yield (trial, trials) -> trial < points.size() ? points.get(trial) : null;
      }
      case "random" -> (trial, trials) -> SearchSpace.sample(sweep.parameters(), SearchSpace.randomFor(seed, trial));
      case "tpe" -> new TreeParzenEstimator(sweep.parameters(), objective, sweep.startupTrials(), seed);
      default -> throw new IllegalArgumentException("unknown sweep method '" + sweep.method() + "'");
    };
  }
}
