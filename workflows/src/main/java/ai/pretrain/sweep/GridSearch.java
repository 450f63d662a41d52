package ai.pretrain.sweep;

import ai.pretrain.spec.SweepSpec.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every combination of the listed values, in a fixed order (fields sorted by name, values as listed). */
public final class GridSearch {

  private GridSearch() {}

  /** The grid's points, keyed as {@link SearchSpace} keys them. */
  public static List<Map<String, Double>> points(Map<String, Dimension> parameters) {
    List<Map<String, Double>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Map.Entry<String, Dimension> axis : new TreeMap<>(parameters).entrySet()) {
      String field = SearchSpace.field(axis.getKey());
      List<Map<String, Double>> extended = new ArrayList<>();
      for (Map<String, Double> point : points) {
        for (Double value : axis.getValue().values()) {
          Map<String, Double> next = new LinkedHashMap<>(point);
          next.put(field, value);
          extended.add(next);
        }
      }
      points = extended;
    }
    return points;
  }
}
