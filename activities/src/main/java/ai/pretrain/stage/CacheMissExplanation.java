package ai.pretrain.stage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Says why a stage missed the cache: it finds the earlier key of the same stage that differs in the fewest parts and
 * names those parts (config fields with old and new values, inputs, code version).
 */
public final class CacheMissExplanation {

  private static final int MAX_LISTED = 5;
  /** How a field that is absent or null reads: the two say the same, so they do not differ. */
  private static final String UNSET = "unset";

  private CacheMissExplanation() {}

  public static String explain(CacheKey key, List<CacheKey> earlier) {
    if (earlier.isEmpty()) {
      return "cache miss: no earlier run of " + key.stage() + " to reuse";
    }
    CacheKey closest = earlier.stream().min(Comparator.comparingInt(e -> differences(key, e).size())).orElseThrow();
    List<String> differences = differences(key, closest);
    String listed = String.join("; ", differences.subList(0, Math.min(MAX_LISTED, differences.size())));
    String more = differences.size() > MAX_LISTED ? " and " + (differences.size() - MAX_LISTED) + " more" : "";
    return "cache miss: differs from earlier key " + closest.hash() + " in " + listed + more;
  }

  static List<String> differences(CacheKey now, CacheKey before) {
    List<String> differences = new ArrayList<>();
    Map<String, String> current = leaves(now.config());
    Map<String, String> previous = leaves(before.config());
    TreeMap<String, String> fields = new TreeMap<>(current);
    previous.forEach(fields::putIfAbsent);
    for (String field : fields.keySet()) {
      String was = previous.getOrDefault(field, UNSET);
      String is = current.getOrDefault(field, UNSET);
      if (!was.equals(is)) {
        differences.add("config " + field + " (" + was + " -> " + is + ")");
      }
    }
    for (int i = 0; i < Math.max(now.inputs().size(), before.inputs().size()); i++) {
      String a = i < before.inputs().size() ? before.inputs().get(i) : null;
      String b = i < now.inputs().size() ? now.inputs().get(i) : null;
      if (!Objects.equals(a, b)) {
        differences.add("input " + (i + 1) + " (sha256 " + prefix(a) + " -> " + prefix(b) + ")");
      }
    }
    if (!Objects.equals(now.codeVersion(), before.codeVersion())) {
      differences.add("code version (" + before.codeVersion() + " -> " + now.codeVersion() + ")");
    }
    if (differences.isEmpty() && !now.hash().equals(before.hash())) {
      differences.add("config (the same values, one recording an unset field as null)");
    }
    return differences;
  }

  /** Dotted paths of the config's scalar values, e.g. {@code fineTune.learningRate -> 0.001}. */
  private static Map<String, String> leaves(JsonNode node) {
    Map<String, String> leaves = new TreeMap<>();
    collect("", node, leaves);
    return leaves;
  }

  private static void collect(String path, JsonNode node, Map<String, String> leaves) {
    if (node.isObject()) {
      node.fields().forEachRemaining(f -> collect(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(),
          leaves));
    } else if (node.isArray()) {
      leaves.put(path, node.toString());
    } else {
      leaves.put(path, node.isNull() ? UNSET : node.asText());
    }
  }

  private static String prefix(String sha256) {
    return sha256 == null ? "none" : sha256.substring(0, Math.min(12, sha256.length()));
  }
}
