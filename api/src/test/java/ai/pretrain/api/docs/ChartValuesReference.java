package ai.pretrain.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders the Helm chart's {@code values.schema.json} (itself generated from {@code values.yaml} by
 * {@code helm/tests/gen-schema.py}) as the values table: one row per key the chart reads.
 */
final class ChartValuesReference {

  /** Worker kinds whose keys override the shared {@code workers} block. */
  private static final String[] WORKER_KINDS = {"cpu", "gpu"};

  private final StringBuilder out = new StringBuilder();
  private JsonNode sharedWorkers;

  static String table(JsonNode schema) {
    ChartValuesReference reference = new ChartValuesReference();
    reference.sharedWorkers = schema.path("properties").path("workers");
    reference.out.append("| Key | Type | Default | Description |\n| --- | --- | --- | --- |\n");
    reference.rows("", schema);
    return reference.out.toString();
  }

  private void rows(String path, JsonNode object) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      JsonNode value = field.getValue();
      String kind = workerKind(key);
      if (kind != null) {
        kindRows(key, value, sharedWorkers, kind);
      } else if (isBlock(value)) {
        rows(key, value);
      } else {
        row(key, value);
      }
    }
  }

  /** A worker kind lists only the keys it sets itself; every other key of {@code workers} it inherits. */
  private void kindRows(String path, JsonNode kind, JsonNode shared, String kindName) {
    for (Iterator<Map.Entry<String, JsonNode>> it = kind.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode inherited = shared.path("properties").path(field.getKey());
      if (field.getValue().equals(inherited)) {
        continue;
      }
      String key = path + "." + field.getKey();
      if (isBlock(field.getValue())) {
        kindRows(key, field.getValue(), inherited, kindName);
      } else {
        row(key, field.getValue());
      }
    }
    if (shared == sharedWorkers) {
      out.append("| `").append(path).append(".*` |  |  | Any other key of `workers` overrides the shared value for ")
          .append(kindName.toUpperCase(java.util.Locale.ROOT)).append(" workers. |\n");
    }
  }

  private static String workerKind(String key) {
    for (String kind : WORKER_KINDS) {
      if (key.equals("workers." + kind)) {
        return kind;
      }
    }
    return null;
  }

  /** A block of the chart's own keys (closed, with properties), as opposed to a free-form Kubernetes object. */
  private static boolean isBlock(JsonNode schema) {
    return "object".equals(schema.path("type").asText()) && schema.has("properties")
        && schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean();
  }

  private void row(String key, JsonNode schema) {
    JsonNode type = schema.path("type");
    out.append("| `").append(key).append("` | ").append(type.isArray() ? join(type) : type.asText(""))
        .append(" | ").append(defaultOf(schema))
        .append(" | ").append(Markdown.cell(schema.path("description").asText(""))).append(" |\n");
  }

  private static String defaultOf(JsonNode schema) {
    JsonNode value = schema.has("default") ? schema.get("default") : composedDefault(schema);
    if (value == null) {
      return "";
    }
    String json = value.toString();
    return json.length() > 160 ? "see values.yaml" : "`" + Markdown.cell(json) + "`";
  }

  /** An open object without a default of its own defaults to its fields' defaults. */
  private static JsonNode composedDefault(JsonNode schema) {
    if (!schema.has("properties")) {
      return null;
    }
    ObjectNode composed = JsonNodeFactory.instance.objectNode();
    schema.get("properties").fields().forEachRemaining(field -> {
      JsonNode value = field.getValue().has("default") ? field.getValue().get("default")
          : composedDefault(field.getValue());
      if (value != null) {
        composed.set(field.getKey(), value);
      }
    });
    return composed.isEmpty() ? null : composed;
  }

  private static String join(JsonNode types) {
    StringBuilder joined = new StringBuilder();
    types.forEach(t -> joined.append(joined.length() == 0 ? "" : " or ").append(t.asText()));
    return joined.toString();
  }
}
