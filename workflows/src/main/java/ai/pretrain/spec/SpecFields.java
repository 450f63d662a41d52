package ai.pretrain.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Replaces one numeric field of a spec section, addressed by a dotted path ({@code learningRate},
 * {@code optimizer.l1}), through the section's JSON form, so a sweep trial can set any numeric field by name.
 */
final class SpecFields {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecFields() {}

  static <T> T with(T spec, Class<T> type, String section, String path, double value) {
    ObjectNode root = JSON.valueToTree(spec);
    ObjectNode target = root;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = target.get(parts[i]);
      if (!(child instanceof ObjectNode object)) {
        throw new IllegalArgumentException(section + " has no numeric field '" + path + "'");
      }
      target = object;
    }
    String name = parts[parts.length - 1];
    boolean unsetComponent = parts.length == 1 && !target.has(name) && numericComponent(type, name);
    if (!unsetComponent && (!target.has(name) || !target.get(name).isNumber())) {
      throw new IllegalArgumentException(section + " has no numeric field '" + path + "'");
    }
    target.put(name, value);
    try {
      return JSON.treeToValue(root, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(section + "." + path + " cannot be " + value, e);
    }
  }

  /** A numeric record component left out of the JSON while unset (one serialized only when given). */
  private static boolean numericComponent(Class<?> type, String name) {
    return type.isRecord() && java.util.Arrays.stream(type.getRecordComponents())
        .anyMatch(c -> c.getName().equals(name) && Number.class.isAssignableFrom(c.getType()));
  }
}
