package ai.pretrain.sweep;

import ai.pretrain.spec.SweepSpec.Dimension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * Tree-structured Parzen estimator (Bergstra et al., 2011), one dimension at a time as Hyperopt does: after
 * {@code startupTrials} random trials, the trials with a metric are split into the best {@value #GAMMA} and the rest;
 * each is smoothed into a density ({@code l} and {@code g}), candidates are drawn from {@code l} and the one with the
 * highest {@code l/g} is tried.
 */
final class TreeParzenEstimator implements Sampler {

  static final double GAMMA = 0.25;
  static final int CANDIDATES = 24;

  private final Map<String, Dimension> parameters;
  private final Objective objective;
  private final int startupTrials;
  private final long seed;

  TreeParzenEstimator(Map<String, Dimension> parameters, Objective objective, int startupTrials, long seed) {
    this.parameters = new TreeMap<>(parameters);
    this.objective = objective;
    this.startupTrials = startupTrials;
    this.seed = seed;
  }

  @Override
  public Map<String, Double> suggest(int trial, List<Trial> trials) {
    Random random = SearchSpace.randomFor(seed, trial);
    List<Trial> observed = trials.stream().filter(t -> t.metric() != null).sorted(objective.leaderboardOrder())
        .toList();
    if (observed.size() < startupTrials) {
      return SearchSpace.sample(parameters, random);
    }
    int goodCount = Math.max(1, (int) Math.ceil(GAMMA * observed.size()));
    List<Trial> good = observed.subList(0, goodCount);
    List<Trial> bad = observed.subList(goodCount, observed.size());
    Map<String, Double> point = new LinkedHashMap<>();
    for (Map.Entry<String, Dimension> axis : parameters.entrySet()) {
      String field = SearchSpace.field(axis.getKey());
      List<Double> goodValues = good.stream().map(t -> t.parameters().get(field)).filter(Objects::nonNull).toList();
      List<Double> badValues = bad.stream().map(t -> t.parameters().get(field)).filter(Objects::nonNull).toList();
      Dimension d = axis.getValue();
      point.put(field, "choice".equals(d.type())
          ? choose(d, goodValues, badValues, random)
          : draw(d, goodValues, badValues, random));
    }
    return point;
  }

  /** A categorical dimension: counts plus one (the prior) in each group. */
  private static double choose(Dimension d, List<Double> good, List<Double> bad, Random random) {
    int n = d.values().size();
    double[] l = new double[n];
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      Double v = d.values().get(i);
      l[i] = 1 + good.stream().filter(v::equals).count();
      g[i] = 1 + bad.stream().filter(v::equals).count();
    }
    double lTotal = sum(l);
    double gTotal = sum(g);
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CANDIDATES; c++) {
      double u = random.nextDouble() * lTotal;
      int i = 0;
      while (i < n - 1 && u >= l[i]) {
        u -= l[i];
        i++;
      }
      double score = (l[i] / lTotal) / (g[i] / gTotal);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return d.values().get(best);
  }

  /** A numeric dimension: Gaussian kernels at the observations plus a uniform prior, in log space for loguniform. */
  private static double draw(Dimension d, List<Double> good, List<Double> bad, Random random) {
    double[] bounds = SearchSpace.toUnitBounds(d);
    double low = bounds[0];
    double high = bounds[1];
    List<Double> l = good.stream().map(v -> SearchSpace.toUnit(d, v)).toList();
    List<Double> g = bad.stream().map(v -> SearchSpace.toUnit(d, v)).toList();
    double lWidth = bandwidth(low, high, l.size());
    double gWidth = bandwidth(low, high, g.size());
    double best = low;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CANDIDATES; c++) {
      int component = random.nextInt(l.size() + 1);
      double x = component == l.size()
          ? low + random.nextDouble() * (high - low)
          : clamp(l.get(component) + random.nextGaussian() * lWidth, low, high);
      double score = Math.log(density(x, l, lWidth, low, high)) - Math.log(density(x, g, gWidth, low, high));
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    return SearchSpace.fromUnit(d, best);
  }

  private static double bandwidth(double low, double high, int n) {
    return (high - low) * 0.5 / Math.pow(Math.max(1, n), 0.2) / 2;
  }

  private static double density(double x, List<Double> centres, double width, double low, double high) {
    double total = 1 / (high - low);
    for (double c : centres) {
      double z = (x - c) / width;
      total += Math.exp(-0.5 * z * z) / (width * Math.sqrt(2 * Math.PI));
    }
    return total / (centres.size() + 1);
  }

  private static double clamp(double x, double low, double high) {
    return Math.max(low, Math.min(high, x));
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }
}
