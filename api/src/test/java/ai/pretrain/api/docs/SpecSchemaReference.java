package ai.pretrain.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders the pipeline spec's JSON Schema (the one {@code GET /api/v1/schema/pipeline-spec} serves) as a Markdown
 * reference: one table per section, every field with its type, default, bounds and description.
 */
final class SpecSchemaReference {

  private final JsonNode root;
  private final StringBuilder out = new StringBuilder();

  private SpecSchemaReference(JsonNode root) {
    this.root = root;
  }

  static String render(JsonNode schema, String sourcePath) {
    return new SpecSchemaReference(schema).page(sourcePath);
  }

  private String page(String sourcePath) {
    out.append("# Pipeline spec reference\n\n")
        .append(Markdown.GENERATED_NOTICE.formatted(sourcePath)).append("\n\n")
        .append(root.path("description").asText()).append(" Every field is optional except the **required** ones; ")
        .append("a field left out takes its default. The API refuses a spec with any unknown field and names it.\n\n")
        .append("For what the sections are for and how they fit together, read [Writing a spec](../spec.md).\n\n");
    List<Section> sections = new ArrayList<>();
    collect("", root, sections);
    out.append("Sections: ");
    out.append(String.join(", ", sections.stream().map(s -> "[" + s.title() + "](#" + Markdown.anchor(s.title()) + ")")
        .toList()));
    out.append(".\n");
    for (Section section : sections) {
      table(section);
    }
    return out.toString();
  }

  private record Section(String title, JsonNode schema) {}

  /** Every object with its own properties becomes a section, in the schema's order, nested ones after their parent. */
  private void collect(String path, JsonNode node, List<Section> sections) {
    JsonNode schema = resolve(node);
    JsonNode object = objectBranch(schema);
    if (object == null) {
      return;
    }
    sections.add(new Section(path.isEmpty() ? "top level" : path, object));
    for (Iterator<Map.Entry<String, JsonNode>> it = object.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      collect(join(path, field.getKey()), field.getValue(), sections);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.path("patternProperties").fields(); it.hasNext(); ) {
      collect(path + " (each dimension)", it.next().getValue(), sections);
    }
  }

  /** The object schema a field's value may be: the field itself, an item of its array, or a oneOf branch. */
  private JsonNode objectBranch(JsonNode schema) {
    if (schema.has("properties") || schema.has("patternProperties")) {
      return schema;
    }
    if (schema.has("items") && resolve(schema.get("items")).has("properties")) {
      return resolve(schema.get("items"));
    }
    for (JsonNode branch : schema.path("oneOf")) {
      if (resolve(branch).has("properties")) {
        return resolve(branch);
      }
    }
    return null;
  }

  private void table(Section section) {
    JsonNode schema = section.schema();
    out.append("\n## ").append(section.title()).append("\n\n");
    if (schema != root && schema.has("description")) {
      out.append(schema.get("description").asText()).append("\n\n");
    }
    out.append("| field | type | default | bounds | description |\n| --- | --- | --- | --- | --- |\n");
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    schema.path("properties").fields().forEachRemaining(field -> row(field.getKey(), field.getValue(),
        required.contains(field.getKey())));
    schema.path("patternProperties").fields().forEachRemaining(field -> row(
        "any field matching `" + field.getKey() + "`", field.getValue(), false));
  }

  private void row(String name, JsonNode node, boolean required) {
    JsonNode schema = resolve(node);
    String description = node.has("description") ? node.get("description").asText()
        : schema.path("description").asText("");
    out.append("| ").append(name.startsWith("any ") ? Markdown.cell(name) : "`" + name + "`")
        .append(" | ").append(Markdown.cell(type(schema)))
        .append(" | ").append(required ? "**required**" : schema.has("default")
            ? "`" + Markdown.cell(schema.get("default").toString()) + "`" : "—")
        .append(" | ").append(Markdown.cell(bounds(schema)))
        .append(" | ").append(Markdown.cell(description)).append(" |\n");
  }

  private String type(JsonNode schema) {
    if (schema.has("enum")) {
      List<String> values = new ArrayList<>();
      schema.get("enum").forEach(v -> values.add("`" + (v.isTextual() ? v.asText() : v.toString()) + "`"));
      return "one of " + String.join(", ", values);
    }
    if (schema.has("oneOf")) {
      List<String> branches = new ArrayList<>();
      schema.get("oneOf").forEach(b -> branches.add(resolve(b).has("properties") ? "object" : type(resolve(b))));
      return String.join(" or ", branches);
    }
    JsonNode type = schema.path("type");
    List<String> names = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(t -> names.add(t.asText()));
    } else if (type.isTextual()) {
      names.add(type.asText());
    }
    List<String> described = new ArrayList<>();
    for (String name : names) {
      described.add(name.equals("array") && schema.has("items") ? "array of " + itemType(schema.get("items")) : name);
    }
    return described.isEmpty() ? "any" : String.join(" or ", described);
  }

  private String itemType(JsonNode items) {
    JsonNode schema = resolve(items);
    return schema.has("properties") ? "objects" : type(schema);
  }

  private static String bounds(JsonNode schema) {
    List<String> parts = new ArrayList<>();
    range(schema, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", parts);
    if (schema.has("minLength") || schema.has("maxLength")) {
      parts.add("length " + schema.path("minLength").asText("0") + "–" + schema.path("maxLength").asText("∞"));
    }
    if (schema.has("pattern")) {
      parts.add("matches `" + schema.get("pattern").asText() + "`");
    }
    if (schema.has("minItems") || schema.has("maxItems")) {
      parts.add(schema.path("minItems").asText("0") + "–" + schema.path("maxItems").asText("∞") + " items");
    }
    if (schema.path("uniqueItems").asBoolean(false)) {
      parts.add("no duplicates");
    }
    if (schema.has("minProperties")) {
      parts.add("at least " + schema.get("minProperties").asText() + " field");
    }
    JsonNode items = schema.path("items");
    if (items.isObject() && !items.has("properties") && !items.has("enum")) {
      String itemBounds = bounds(items);
      if (!itemBounds.isEmpty()) {
        parts.add("each item " + itemBounds);
      }
    }
    return String.join("; ", parts);
  }

  private static void range(JsonNode s, String min, String max, String exclusiveMin, String exclusiveMax,
      List<String> parts) {
    String low = s.has(min) ? "≥ " + s.get(min).asText() : s.has(exclusiveMin) ? "> " + s.get(exclusiveMin).asText()
        : null;
    String high = s.has(max) ? "≤ " + s.get(max).asText() : s.has(exclusiveMax) ? "< " + s.get(exclusiveMax).asText()
        : null;
    if (low != null && high != null) {
      parts.add(low + ", " + high);
    } else if (low != null || high != null) {
      parts.add(low != null ? low : high);
    }
  }

  /** Follows a local {@code $ref} ({@code #/$defs/...}); other nodes are returned as they are. */
  private JsonNode resolve(JsonNode node) {
    if (!node.has("$ref")) {
      return node;
    }
    String ref = node.get("$ref").asText();
    if (!ref.startsWith("#/")) {
      throw new IllegalArgumentException("only local $refs are rendered: " + ref);
    }
    return root.at(ref.substring(1));
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
