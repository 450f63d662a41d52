package ai.pretrain.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Renders the API's OpenAPI document (what {@code GET /q/openapi} serves) as a Markdown reference: every operation
 * with its summary, parameters, request body and responses.
 */
final class OpenApiReference {

  private static final List<String> METHODS = List.of("get", "post", "put", "delete", "options");

  private OpenApiReference() {}

  static String render(JsonNode openApi) {
    StringBuilder out = new StringBuilder("# API reference\n\n")
        .append(Markdown.GENERATED_NOTICE.formatted("the OpenAPI document the API serves at GET /q/openapi"))
        .append("\n\n").append(openApi.path("info").path("description").asText())
        .append(" What each call is for, with examples: [The API](../api.md). The same document is browsable at ")
        .append("`/q/swagger-ui` on a running API.\n");
    TreeMap<String, JsonNode> paths = new TreeMap<>();
    openApi.path("paths").fields().forEachRemaining(e -> paths.put(e.getKey(), e.getValue()));
    paths.forEach((path, item) -> {
      for (String method : METHODS) {
        if (item.has(method)) {
          operation(out, method.toUpperCase(java.util.Locale.ROOT), path, item.get(method), item.path("parameters"));
        }
      }
    });
    JsonNode schemas = openApi.path("components").path("schemas");
    if (schemas.size() > 0) {
      out.append("\n## Schemas\n");
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      schemas.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      sorted.forEach((name, schema) -> schema(out, name, schema));
    }
    return out.toString();
  }

  private static void schema(StringBuilder out, String name, JsonNode schema) {
    out.append("\n### ").append(name).append("\n\n");
    if (schema.has("enum")) {
      List<String> values = new ArrayList<>();
      schema.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
      out.append("One of ").append(String.join(", ", values)).append(".\n");
      return;
    }
    if (!schema.has("properties")) {
      out.append(type(schema).isEmpty() ? "Any JSON value." : "A " + type(schema) + ".").append("\n");
      return;
    }
    out.append("| field | type |\n| --- | --- |\n");
    schema.get("properties").fields().forEachRemaining(p -> out.append("| `").append(p.getKey()).append("` | ")
        .append(Markdown.cell(type(p.getValue()))).append(" |\n"));
  }

  private static void operation(StringBuilder out, String method, String path, JsonNode op, JsonNode shared) {
    out.append("\n## `").append(method).append(' ').append(path).append("`\n\n");
    if (op.hasNonNull("summary")) {
      out.append(op.get("summary").asText()).append(".\n\n");
    }
    if (op.hasNonNull("description")) {
      out.append(op.get("description").asText()).append("\n\n");
    }
    List<JsonNode> parameters = new ArrayList<>();
    shared.forEach(parameters::add);
    op.path("parameters").forEach(parameters::add);
    if (!parameters.isEmpty()) {
      out.append("| parameter | in | type | required | description |\n| --- | --- | --- | --- | --- |\n");
      for (JsonNode p : parameters) {
        out.append("| `").append(p.path("name").asText()).append("` | ").append(p.path("in").asText())
            .append(" | ").append(Markdown.cell(type(p.path("schema"))))
            .append(" | ").append(p.path("required").asBoolean(false) ? "yes" : "no")
            .append(" | ").append(Markdown.cell(p.path("description").asText(""))).append(" |\n");
      }
      out.append('\n');
    }
    JsonNode body = op.path("requestBody").path("content");
    if (body.size() > 0) {
      List<String> types = new ArrayList<>();
      body.fieldNames().forEachRemaining(t -> types.add("`" + t + "`"));
      out.append("Request body: ").append(String.join(", ", types)).append(".\n\n");
    }
    out.append("| response | description | content |\n| --- | --- | --- |\n");
    op.path("responses").fields().forEachRemaining(r -> {
      List<String> content = new ArrayList<>();
      r.getValue().path("content").fields().forEachRemaining(c -> {
        String schema = type(c.getValue().path("schema"));
        content.add("`" + c.getKey() + "`" + (schema.isEmpty() ? "" : " " + schema));
      });
      out.append("| ").append(r.getKey())
          .append(" | ").append(Markdown.cell(r.getValue().path("description").asText("")))
          .append(" | ").append(Markdown.cell(String.join(", ", content))).append(" |\n");
    });
  }

  /** A schema in a few words: a component's name, or the type (of the items, for an array). */
  private static String type(JsonNode schema) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      return "[" + name + "](#" + Markdown.anchor(name) + ")";
    }
    if ("array".equals(schema.path("type").asText())) {
      return "array of " + type(schema.path("items"));
    }
    String type = schema.path("type").asText("");
    return schema.has("format") ? type + " (" + schema.get("format").asText() + ")" : type;
  }
}
