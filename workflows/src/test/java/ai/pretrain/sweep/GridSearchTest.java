package ai.pretrain.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ai.pretrain.spec.SweepSpec;

class GridSearchTest {

  @Test
  void pointsFollowFieldNameOrderThenListedValueOrder() {
    Map<String, List<Double>> parameters = new LinkedHashMap<>();
    parameters.put("fineTune.learningRate", List.of(0.003, 0.001));
    parameters.put("fineTune.batchSize", List.of(16.0, 32.0, 64.0));

    List<Map<String, Double>> points = GridSearch.points(choices(parameters));

    assertEquals(List.of(
        Map.of("batchSize", 16.0, "learningRate", 0.003),
        Map.of("batchSize", 16.0, "learningRate", 0.001),
        Map.of("batchSize", 32.0, "learningRate", 0.003),
        Map.of("batchSize", 32.0, "learningRate", 0.001),
        Map.of("batchSize", 64.0, "learningRate", 0.003),
        Map.of("batchSize", 64.0, "learningRate", 0.001)), points);
    assertEquals(List.of("batchSize", "learningRate"), List.copyOf(points.get(0).keySet()));
  }

  @Test
  void everyCombinationAppearsExactlyOnce() {
    Map<String, List<Double>> parameters = Map.of(
        "fineTune.epochs", List.of(5.0, 10.0),
        "fineTune.learningRate", List.of(0.1, 0.01, 0.001),
        "fineTune.weightDecay", List.of(0.0, 1e-4),
        "fineTune.patience", List.of(3.0, 5.0, 7.0, 9.0));

    List<Map<String, Double>> points = GridSearch.points(choices(parameters));

    assertEquals(2 * 3 * 2 * 4, points.size());
    assertEquals(points.size(), new HashSet<>(points).size());
    for (Map<String, Double> point : points) {
      assertEquals(4, point.size());
      assertEquals(true, parameters.get("fineTune.epochs").contains(point.get("epochs")));
      assertEquals(true, parameters.get("fineTune.learningRate").contains(point.get("learningRate")));
      assertEquals(true, parameters.get("fineTune.weightDecay").contains(point.get("weightDecay")));
      assertEquals(true, parameters.get("fineTune.patience").contains(point.get("patience")));
    }
  }

  @Test
  void orderDoesNotDependOnTheMapImplementation() {
    Map<String, List<Double>> inserted = new LinkedHashMap<>();
    inserted.put("fineTune.weightDecay", List.of(0.0, 0.1));
    inserted.put("fineTune.epochs", List.of(1.0, 2.0));
    inserted.put("fineTune.batchSize", List.of(8.0));
    Map<String, List<Double>> reversed = new LinkedHashMap<>();
    reversed.put("fineTune.batchSize", List.of(8.0));
    reversed.put("fineTune.epochs", List.of(1.0, 2.0));
    reversed.put("fineTune.weightDecay", List.of(0.0, 0.1));

    assertEquals(GridSearch.points(choices(inserted)), GridSearch.points(choices(reversed)));
    assertEquals(GridSearch.points(choices(inserted)), GridSearch.points(choices(Map.copyOf(inserted))));
  }

  @Test
  void singleAxisKeepsTheListedOrder() {
    assertEquals(List.of(Map.of("learningRate", 0.001), Map.of("learningRate", 0.003)),
        GridSearch.points(choices(Map.of("fineTune.learningRate", List.of(0.001, 0.003)))));
  }

  private static Map<String, SweepSpec.Dimension> choices(Map<String, List<Double>> grid) {
    return new SweepSpec("grid", grid, 1).parameters();
  }
}
