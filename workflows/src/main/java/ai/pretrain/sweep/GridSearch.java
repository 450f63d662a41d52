package ai.pretrain.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every combination of the listed values, in a fixed order (fields sorted by name, values as listed). */
public final class GridSearch {

  private GridSearch() {}

  /** The grid's points; keys are the field names without the {@code fineTune.} prefix. */
  public static List<Map<String, Double>> points(Map<String, List<Double>> parameters) {
    List<Map<String, Double>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<Double>> axis : new TreeMap<>(parameters).entrySet()) {
      String field = axis.getKey().substring(axis.getKey().indexOf('.') + 1);
      List<Map<String, Double>> extended = new ArrayList<>();
      for (Map<String, Double> point : points) {
        for (Double value : axis.getValue()) {
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
