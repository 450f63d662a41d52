package ai.pretrain.api.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.spec.InvalidSpecException;
import ai.pretrain.spec.SpecParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every spec and API call the documentation shows is real: YAML specs parse with the spec parser the API uses, YAML
 * fragments of a spec pass its JSON Schema, curl commands and {@code METHOD /path} mentions name endpoints the API's
 * resources declare, and the spec files they send exist and parse.
 */
class DocsExamplesTest {

  /** First line of a YAML block that is not part of a spec (values files, other tools' config). */
  private static final String NOT_A_SPEC = "# not a spec";
  private static final Pattern CURL_URL = Pattern.compile("https?://127\\.0\\.0\\.1:8080(/[^\\s\"'`)]*)");
  private static final Pattern CURL_SPEC_FILE = Pattern.compile("--data-binary @(\\S+\\.ya?ml)");
  private static final Pattern MENTIONED_CALL = Pattern.compile("`(GET|POST|DELETE|PUT) (/[^`\\s]+)`");

  private final Path root = RepositoryFiles.root();
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final SpecParser parser = new SpecParser();

  @Test
  void everySpecExampleParses() throws IOException {
    JsonSchema schema;
    try (InputStream in = SpecParser.class.getResourceAsStream(SpecParser.SCHEMA_RESOURCE)) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path page : DocPages.all(root)) {
      for (DocPages.CodeBlock block : DocPages.codeBlocks(page)) {
        if (!block.language().equals("yaml") || block.text().strip().startsWith(NOT_A_SPEC)) {
          continue;
        }
        checked++;
        JsonNode tree = yaml.readTree(block.text());
        if (tree != null && tree.has("name")) {
          try {
            parser.parse(block.text());
          } catch (InvalidSpecException e) {
            problems.add(block.where() + ": " + e.violations());
          }
        } else {
          // A fragment shows some sections; inside a minimal spec it must pass the schema: fields, types, bounds.
          ObjectNode spec = (ObjectNode) yaml.readTree("{name: docs-example, dataset: {name: mnist}}");
          if (tree instanceof ObjectNode fragment) {
            spec.setAll(fragment);
          } else {
            problems.add(block.where() + ": not a YAML mapping; start it with '" + NOT_A_SPEC + "' if it is no spec");
            continue;
          }
          Set<ValidationMessage> messages = schema.validate(spec);
          if (!messages.isEmpty()) {
            problems.add(block.where() + " (a fragment, checked against the schema): " + messages);
          }
        }
      }
    }
    assertTrue(checked >= 5, "expected the spec examples of docs/ and the README, found " + checked);
    if (!problems.isEmpty()) {
      fail("the documentation shows specs the platform refuses:\n  " + String.join("\n  ", problems));
    }
  }

  @Test
  void everyApiCallShownIsAnEndpointOfTheApi() {
    ApiEndpoints api = ApiEndpoints.compiledIn(Path.of("target", "classes"));
    assertTrue(api.size() >= 15, "found only " + api.size() + " endpoints under target/classes");
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path page : DocPages.all(root)) {
      for (DocPages.CodeBlock block : DocPages.codeBlocks(page)) {
        if (block.language().equals("bash") || block.language().equals("sh")) {
          for (String command : block.text().replace("\\\n", " ").split("\n")) {
            if (!command.contains("curl ")) {
              continue;
            }
            checked += checkCurl(block, command, api, problems);
          }
        }
      }
      Matcher mention = MENTIONED_CALL.matcher(RepositoryFiles.read(page));
      while (mention.find()) {
        checked++;
        for (String path : optionalParts(mention.group(2))) {
          if (!api.serves(mention.group(1), path)) {
            problems.add(page + ": `" + mention.group(1) + " " + mention.group(2) + "` is not an endpoint of the API");
          }
        }
      }
    }
    assertTrue(checked >= 20, "expected the API calls of docs/ and the README, found " + checked);
    if (!problems.isEmpty()) {
      fail("the documentation shows API calls that do not exist:\n  " + String.join("\n  ", problems));
    }
  }

  private int checkCurl(DocPages.CodeBlock block, String command, ApiEndpoints api, List<String> problems) {
    String method = command.contains("-X POST") || command.contains("--data") ? "POST"
        : command.contains("-X DELETE") ? "DELETE" : "GET";
    int checked = 0;
    Matcher url = CURL_URL.matcher(command);
    while (url.find()) {
      checked++;
      if (!api.serves(method, url.group(1))) {
        problems.add(block.where() + ": " + method + " " + url.group(1) + " is not an endpoint of the API");
      }
    }
    Matcher file = CURL_SPEC_FILE.matcher(command);
    while (file.find()) {
      Path spec = root.resolve(file.group(1));
      if (!Files.isRegularFile(spec)) {
        problems.add(block.where() + ": sends " + file.group(1) + ", which does not exist");
        continue;
      }
      try {
        parser.parse(RepositoryFiles.read(spec));
      } catch (InvalidSpecException e) {
        problems.add(block.where() + ": sends " + file.group(1) + ", which the API refuses: " + e.violations());
      }
    }
    return checked;
  }

  /** {@code /a[/b]} stands for both {@code /a} and {@code /a/b}. */
  private static List<String> optionalParts(String path) {
    int open = path.indexOf('[');
    int close = path.indexOf(']', open + 1);
    if (open < 0 || close < 0) {
      return List.of(path);
    }
    return List.of(path.substring(0, open) + path.substring(close + 1),
        path.substring(0, open) + path.substring(open + 1, close) + path.substring(close + 1));
  }
}
