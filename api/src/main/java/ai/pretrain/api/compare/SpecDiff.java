package ai.pretrain.api.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The fields in which specs differ, by dotted path: objects are walked, arrays indexed, every other value a leaf. */
final class SpecDiff {

  private SpecDiff() {}

  /** The differing fields in path order, each with its value in every spec ({@code null} where a spec lacks it). */
  static List<SpecDifference> of(List<JsonNode> specs) {
    List<Map<String, JsonNode>> leaves = specs.stream().map(SpecDiff::leaves).toList();
    TreeSet<String> fields = new TreeSet<>();
    leaves.forEach(l -> fields.addAll(l.keySet()));
    List<SpecDifference> differences = new ArrayList<>();
    for (String field : fields) {
      List<JsonNode> values = leaves.stream()
          .map(l -> l.getOrDefault(field, NullNode.getInstance()))
          .map(v -> v.isNull() ? null : v)
          .toList();
      if (values.stream().distinct().count() > 1) {
        String change = values.stream().map(v -> Objects.toString(v, "null")).collect(Collectors.joining(" -> "));
        differences.add(new SpecDifference(field, values, change));
      }
    }
    return differences;
  }

  private static Map<String, JsonNode> leaves(JsonNode spec) {
    Map<String, JsonNode> leaves = new TreeMap<>();
    walk("", spec, leaves);
    return leaves;
  }

  private static void walk(String path, JsonNode node, Map<String, JsonNode> leaves) {
    if (node.isObject()) {
      node.fields().forEachRemaining(f -> walk(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(),
          leaves));
    } else if (node.isArray() && !node.isEmpty()) {
      for (int i = 0; i < node.size(); i++) {
        walk(path + "[" + i + "]", node.get(i), leaves);
      }
    } else if (!node.isNull()) {
      leaves.put(path, node);
    }
  }
}
