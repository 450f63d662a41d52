package ai.pretrain.api.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The fields in which specs differ, by dotted path: objects are walked, arrays indexed, every other value a leaf. */
final class SpecDiff {

  private SpecDiff() {}

  /** The differing fields in path order, each with its value in every spec that has it; specs by run id, in order. */
  static List<SpecDifference> of(Map<String, JsonNode> specs) {
    Map<String, Map<String, String>> leaves = new LinkedHashMap<>();
    specs.forEach((runId, spec) -> leaves.put(runId, leaves(spec)));
    TreeSet<String> fields = new TreeSet<>();
    leaves.values().forEach(l -> fields.addAll(l.keySet()));
    List<SpecDifference> differences = new ArrayList<>();
    for (String field : fields) {
      List<String> inOrder = leaves.values().stream().map(l -> l.get(field)).toList();
      if (inOrder.stream().distinct().count() > 1) {
        Map<String, String> values = new LinkedHashMap<>();
        leaves.forEach((runId, l) -> {
          if (l.containsKey(field)) {
            values.put(runId, l.get(field));
          }
        });
        String change = inOrder.stream().map(v -> Objects.toString(v, "none")).collect(Collectors.joining(" -> "));
        differences.add(new SpecDifference(field, values, change));
      }
    }
    return differences;
  }

  private static Map<String, String> leaves(JsonNode spec) {
    Map<String, String> leaves = new TreeMap<>();
    walk("", spec, leaves);
    return leaves;
  }

  private static void walk(String path, JsonNode node, Map<String, String> leaves) {
    if (node.isObject()) {
      node.fields().forEachRemaining(f -> walk(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(),
          leaves));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(path + "[" + i + "]", node.get(i), leaves);
      }
    } else if (!node.isNull()) {
      leaves.put(path, node.asText());
    }
  }
}
