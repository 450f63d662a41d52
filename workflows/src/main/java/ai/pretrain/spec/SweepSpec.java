package ai.pretrain.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hyperparameter search over numeric fields of the fine-tune, adapt and pretrain stages: how points are chosen ({@code method}), how trials are stopped early
 * ({@code scheduler}, trained in rungs of epochs), and the limits (trials, parallelism, trial-epochs).
 *
 * @param parameters {@code fineTune.<field>}, {@code adapt.<field>} or {@code pretrain.<field>} to a dimension; a plain
 *     list of values is a {@code choice}
 * @param maxTrials most trials; 0 means every grid point (random and tpe need a number)
 * @param budgetEpochs most trial-epochs all trials together may train; 0 means no limit
 * @param metric the fine-tune metric that ranks trials
 * @param mode {@code max} or {@code min}
 * @param scheduler {@code fifo} (train every trial to the end), {@code asha} or {@code median}
 * @param minEpochs the first rung; {@code median} checks every {@code minEpochs} epochs
 * @param maxEpochs epochs a trial that is never stopped trains; 0 means {@code fineTune.epochs}
 * @param reductionFactor ASHA's η: the top 1/η of a rung is promoted to the next, η times longer
 * @param startupTrials random trials before TPE models the results; trials a rung needs before the median rule applies
 * @param trialsPerHistory trials one workflow history holds before the sweep continues as new (sooner where the server
 *     suggests it, at some thousands of events)
 */
public record SweepSpec(
    String method,
    Map<String, Dimension> parameters,
    Integer parallelism,
    Integer maxTrials,
    Integer budgetEpochs,
    String metric,
    String mode,
    String scheduler,
    Integer minEpochs,
    Integer maxEpochs,
    Integer reductionFactor,
    Integer startupTrials,
    Integer trialsPerHistory) {

  public static final List<String> METHODS = List.of("grid", "random", "tpe");
  public static final List<String> SCHEDULERS = List.of("fifo", "asha", "median");
  public static final List<String> METRICS = List.of("validationAccuracy", "validationLoss", "trainLoss");
  /** The fields a sweep may vary, each with its own bounds (as in the schema), which every value drawn must respect. */
  private static final Map<String, double[]> BOUNDS = bounds(
      "fineTune.epochs", 1, 1000, "fineTune.batchSize", 1, 65536, "fineTune.learningRate", Double.MIN_VALUE, 10,
      "fineTune.weightDecay", 0, 1, "fineTune.patience", 1, 1000, "fineTune.layerLearningRateDecay", Double.MIN_VALUE, 1,
      "fineTune.optimizer.l1", 0, 1, "fineTune.optimizer.decoupledWeightDecay", 0, 1,
      "fineTune.optimizer.gradientClipNorm", 0, 1000, "fineTune.optimizer.warmupEpochs", 0, 1000,
      "fineTune.gradientAccumulation", 1, 1024, "fineTune.unlabeled.threshold", Double.MIN_VALUE, 1,
      "fineTune.unlabeled.weight", 0, 100,
      "adapt.dropout", 0, 0.9, "adapt.headHiddenUnits", 0, 8192,
      "pretrain.epochs", 1, 1000, "pretrain.batchSize", 1, 65536, "pretrain.learningRate", Double.MIN_VALUE, 10,
      "pretrain.weightDecay", 0, 1, "pretrain.latentUnits", 2, 4096, "pretrain.corruptionLevel", 0, 0.95);
  public static final List<String> SWEEPABLE = List.copyOf(BOUNDS.keySet());
  private static final List<String> WHOLE_NUMBERS = List.of("fineTune.epochs", "fineTune.batchSize",
      "fineTune.patience", "fineTune.optimizer.warmupEpochs", "fineTune.gradientAccumulation", "adapt.headHiddenUnits",
      "pretrain.epochs", "pretrain.batchSize", "pretrain.latentUnits");

  public SweepSpec {
    method = method == null ? "grid" : method;
    parameters = parameters == null ? Map.of() : new TreeMap<>(parameters);
    parallelism = parallelism == null ? 2 : parallelism;
    maxTrials = maxTrials == null ? 0 : maxTrials;
    budgetEpochs = budgetEpochs == null ? 0 : budgetEpochs;
    metric = metric == null ? "validationAccuracy" : metric;
    mode = mode == null ? "max" : mode;
    scheduler = scheduler == null ? "fifo" : scheduler;
    minEpochs = minEpochs == null ? 1 : minEpochs;
    maxEpochs = maxEpochs == null ? 0 : maxEpochs;
    reductionFactor = reductionFactor == null ? 3 : reductionFactor;
    startupTrials = startupTrials == null ? 5 : startupTrials;
    trialsPerHistory = trialsPerHistory == null ? 256 : trialsPerHistory;
  }

  /** A grid search as the first version of the spec wrote it: lists of values, every other setting defaulted. */
  public SweepSpec(String method, Map<String, ? extends List<? extends Number>> grid, Integer parallelism) {
    this(method, choices(grid), parallelism, null, null, null, null, null, null, null, null, null, null);
  }

  private static Map<String, Dimension> choices(Map<String, ? extends List<? extends Number>> grid) {
    Map<String, Dimension> dimensions = new LinkedHashMap<>();
    if (grid != null) {
      grid.forEach((field, values) -> dimensions.put(field,
          Dimension.choice(values.stream().map(Number::doubleValue).toList())));
    }
    return dimensions;
  }

  private static Map<String, double[]> bounds(Object... fieldLowHigh) {
    Map<String, double[]> bounds = new LinkedHashMap<>();
    for (int i = 0; i < fieldLowHigh.length; i += 3) {
      bounds.put((String) fieldLowHigh[i], new double[] {((Number) fieldLowHigh[i + 1]).doubleValue(),
          ((Number) fieldLowHigh[i + 2]).doubleValue()});
    }
    return bounds;
  }

  /** Epochs a trial trains when no scheduler stops it. */
  public int maxEpochs(FineTuneSpec base) {
    return maxEpochs > 0 ? maxEpochs : base.epochs();
  }

  /** The rules the schema cannot express, with the offending field's path. */
  public List<Violation> violations(FineTuneSpec base) {
    List<Violation> violations = new ArrayList<>();
    long gridSize = 1;
    for (Map.Entry<String, Dimension> p : parameters.entrySet()) {
      String path = "sweep.parameters." + p.getKey();
      Dimension d = p.getValue();
      violations.addAll(d.violations(path, WHOLE_NUMBERS.contains(p.getKey())));
      double[] bounds = BOUNDS.get(p.getKey());
      List<Double> ends = d.values() != null ? d.values()
          : java.util.stream.Stream.of(d.min(), d.max()).filter(java.util.Objects::nonNull).toList();
      if (bounds != null && ends.stream().anyMatch(v -> v < bounds[0] || v > bounds[1])) {
        violations.add(new Violation(path, "reaches outside " + p.getKey() + "'s range ["
            + (bounds[0] == Double.MIN_VALUE ? "> 0" : fmt(bounds[0])) + ", " + fmt(bounds[1]) + "]"));
      }
      if (!"choice".equals(d.type())) {
        gridSize = -1;
        if ("grid".equals(method)) {
          violations.add(new Violation(path + ".type",
              "grid search takes only choice dimensions (lists of values); use method random or tpe for " + d.type()));
        }
      } else if (gridSize > 0 && d.values() != null) {
        gridSize *= d.values().size();
      }
    }
    if (!"grid".equals(method) && maxTrials == 0) {
      violations.add(new Violation("sweep.maxTrials", "is required (at least 1) when method is " + method));
    }
    if (!"fifo".equals(scheduler) && parameters.containsKey("fineTune.epochs")) {
      violations.add(new Violation("sweep.parameters.fineTune.epochs",
          "cannot be swept with scheduler " + scheduler + ", which decides each trial's epochs; set sweep.maxEpochs"));
    }
    int most = maxEpochs(base);
    if (!"fifo".equals(scheduler) && minEpochs > most) {
      violations.add(new Violation("sweep.minEpochs",
          "the first rung (" + minEpochs + " epochs) is longer than a whole trial (" + most + " epochs)"));
    }
    if (budgetEpochs > 0 && budgetEpochs < ("fifo".equals(scheduler) ? most : minEpochs)) {
      violations.add(new Violation("sweep.budgetEpochs",
          "is smaller than one trial's first rung; raise it or set 0 for no limit"));
    }
    if (metric.endsWith("Loss") && "max".equals(mode)) {
      violations.add(new Violation("sweep.mode", metric + " is minimised; use mode min"));
    }
    if (gridSize > 0 && "grid".equals(method) && maxTrials > gridSize) {
      violations.add(new Violation("sweep.maxTrials",
          "is more than the grid's " + gridSize + " points; leave it 0 to try every point once"));
    }
    return violations;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  /** Trials the search will start at most. */
  public long trialLimit() {
    if (!"grid".equals(method)) {
      return maxTrials;
    }
    long points = parameters.values().stream().mapToLong(d -> d.values() == null ? 1 : d.values().size())
        .reduce(1, (a, b) -> a * b);
    return maxTrials > 0 ? Math.min(points, maxTrials) : points;
  }

  /**
   * One axis of the search space. {@code choice} lists {@code values}; {@code uniform}, {@code loguniform} and
   * {@code int} draw from [{@code min}, {@code max}]; {@code quniform} rounds a uniform draw to a multiple of {@code q}.
   */
  public record Dimension(String type, List<Double> values, Double min, Double max, Double q) {

    public static final List<String> TYPES = List.of("choice", "uniform", "loguniform", "int", "quniform");

    @JsonCreator
    public Dimension {
      type = type == null ? "choice" : type;
      values = values == null ? null : List.copyOf(values);
    }

    /** The short form: a list of values is a choice. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Dimension choice(List<Double> values) {
      return new Dimension("choice", values, null, null, null);
    }

    public static Dimension range(String type, double min, double max) {
      return new Dimension(type, null, min, max, null);
    }

    public static Dimension quantized(double min, double max, double q) {
      return new Dimension("quniform", null, min, max, q);
    }

    List<Violation> violations(String path, boolean wholeNumbers) {
      List<Violation> violations = new ArrayList<>();
      if ("choice".equals(type)) {
        if (values == null || values.isEmpty()) {
          violations.add(new Violation(path + ".values", "a choice needs at least one value"));
        } else if (values.size() != values.stream().distinct().count()) {
          violations.add(new Violation(path + ".values", "lists a value twice; each value is tried once"));
        } else if (wholeNumbers && values.stream().anyMatch(v -> v != Math.rint(v))) {
          violations.add(new Violation(path + ".values", "must be whole numbers"));
        }
        if (min != null || max != null || q != null) {
          violations.add(new Violation(path, "a choice takes only values, not min, max or q"));
        }
        return violations;
      }
      if (values != null) {
        violations.add(new Violation(path + ".values", "only a choice lists values; " + type + " takes min and max"));
      }
      if (min == null || max == null) {
        violations.add(new Violation(path + (min == null ? ".min" : ".max"), "is required for " + type));
        return violations;
      }
      if (min >= max) {
        violations.add(new Violation(path + ".max", "must be greater than min (" + min + ")"));
      }
      if ("loguniform".equals(type) && min <= 0) {
        violations.add(new Violation(path + ".min", "must be greater than 0 for loguniform"));
      }
      if ("quniform".equals(type) && (q == null || q <= 0)) {
        violations.add(new Violation(path + ".q", "is required for quniform and must be greater than 0"));
      } else if (!"quniform".equals(type) && q != null) {
        violations.add(new Violation(path + ".q", "only quniform takes q"));
      }
      if ("int".equals(type) && (min != Math.rint(min) || max != Math.rint(max))) {
        violations.add(new Violation(path, "int bounds must be whole numbers"));
      }
      if (wholeNumbers && ("uniform".equals(type) || "loguniform".equals(type))) {
        violations.add(new Violation(path + ".type",
            "this field is a whole number; use int, quniform with a whole q, or choice"));
      }
      if (wholeNumbers && "quniform".equals(type) && q != null && (q != Math.rint(q) || min != Math.rint(min))) {
        violations.add(new Violation(path + ".q", "this field is a whole number; q and min must be whole"));
      }
      return violations;
    }
  }
}
