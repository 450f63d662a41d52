package ai.pretrain.sweep;

import ai.pretrain.spec.SweepSpec.Dimension;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Draws points from the spec's dimensions. A point's keys are the swept fields, fine-tune ones without their
 * {@code fineTune.} prefix ({@code learningRate}), adapt and pretrain ones with theirs ({@code adapt.dropout}).
 */
public final class SearchSpace {

  private static final String FINE_TUNE = "fineTune.";

  private SearchSpace() {}

  /** A uniformly random point, one draw per dimension in field-name order. */
  public static Map<String, Double> sample(Map<String, Dimension> parameters, Random random) {
    Map<String, Double> point = new LinkedHashMap<>();
    for (Map.Entry<String, Dimension> axis : new TreeMap<>(parameters).entrySet()) {
      point.put(field(axis.getKey()), sample(axis.getValue(), random));
    }
    return point;
  }

  static double sample(Dimension d, Random random) {
    return switch (d.type()) {
      case "choice" -> d.values().get(random.nextInt(d.values().size()));
      case "int" -> d.min() + random.nextInt((int) (d.max() - d.min()) + 1);
      default -> {
        double[] bounds = toUnitBounds(d);
        yield fromUnit(d, bounds[0] + random.nextDouble() * (bounds[1] - bounds[0]));
      }
    };
  }

  /** The dimension's bounds in the space TPE models it in: log for loguniform, as is otherwise. */
  static double[] toUnitBounds(Dimension d) {
    return "loguniform".equals(d.type())
        ? new double[] {Math.log(d.min()), Math.log(d.max())}
        : new double[] {d.min(), d.max()};
  }

  /** A value in the modelling space back to a legal value of the dimension (rounded, quantised, clamped). */
  static double fromUnit(Dimension d, double x) {
    double value = switch (d.type()) {
      case "loguniform" -> Math.exp(x);
      case "int" -> Math.rint(x);
      case "quniform" -> d.min() + Math.rint((x - d.min()) / d.q()) * d.q();
      default -> x;
    };
    if ("quniform".equals(d.type()) && value > d.max()) {
      value -= d.q();
    }
    return Math.max(d.min(), Math.min(d.max(), value));
  }

  static double toUnit(Dimension d, double value) {
    return "loguniform".equals(d.type()) ? Math.log(value) : value;
  }

  static String field(String key) {
    return key.startsWith(FINE_TUNE) ? key.substring(FINE_TUNE.length()) : key;
  }

  /**
   * A generator for trial {@code trial} of a sweep seeded with {@code seed}: the same pair gives the same draws in any
   * history, so nothing about the generator has to be carried across continue-as-new.
   */
  public static Random randomFor(long seed, int trial) {
    long z = seed * 0x9E3779B97F4A7C15L + trial + 1;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new Random(z ^ (z >>> 31));
  }
}
