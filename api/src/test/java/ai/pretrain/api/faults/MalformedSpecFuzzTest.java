package ai.pretrain.api.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.TemporalDevServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz of POST /api/v1/runs: hundreds of malformed specs and request bodies derived from the example spec
 * (wrong types, out-of-range numbers, unknown fields, truncated documents, deep nesting, huge strings, alias bombs,
 * binary garbage, wrong content types). Every one is refused with a 4xx problem document that says why, none starts a
 * workflow, and the API is still ready afterwards.
 */
@QuarkusTest
class MalformedSpecFuzzTest {

  private static final long SEED = 20261127L;
  private static final int CASES = 300;
  private static final Path SMOKE_SPEC = Path.of("..", "examples", "mnist-smoke.yaml");

  /** Numeric fields of the smoke spec, as they appear in it, with a value outside each one's range. */
  private static final List<String[]> OUT_OF_RANGE = List.of(
      new String[] {"seed: 42", "seed: -1"},
      new String[] {"validationFraction: 0.1", "validationFraction: 1.5"},
      new String[] {"testFraction: 0.1", "testFraction: -0.2"},
      new String[] {"labeledFraction: 0.01", "labeledFraction: 7"},
      new String[] {"latentUnits: 64", "latentUnits: 0"},
      new String[] {"corruptionLevel: 0.3", "corruptionLevel: 3.5"},
      new String[] {"epochs: 1", "epochs: 100000"},
      new String[] {"epochs: 1", "epochs: -5"},
      new String[] {"batchSize: 128", "batchSize: 0"},
      new String[] {"learningRate: 0.001", "learningRate: -0.001"},
      new String[] {"maxBatchesPerEpoch: 5", "maxBatchesPerEpoch: -1"},
      new String[] {"dropout: 0.1", "dropout: 1.5"},
      new String[] {"patience: 15", "patience: -3"},
      new String[] {"epochs: 3", "epochs: 99999999999999999999999"},
      new String[] {"learningRate: 0.001", "learningRate: 1e400"});

  /** Values of the wrong type for every scalar field but the top-level name (a string is a valid name). */
  private static final List<String> WRONG_TYPES = List.of(
      "\"many\"", "[1, 2]", "{x: 1}", "true", "!!binary AAAA", "2026-11-27", "-.inf", "'twelve'", "[]", "{}");

  @Inject WorkflowClient client;

  @TestHTTPResource("/api/v1/runs") URL runs;

  @BeforeAll
  static void requireServers() {
    TemporalDevServer.require();
  }

  @Test
  void hundredsOfMalformedRequestsAreRefusedWithAProblemAndNoneStartsARun() throws Exception {
    // Temporal runs on this machine's clock; a margin before now would count runs the previous test class started.
    Instant testStart = Instant.now();
    String smoke = Files.readString(SMOKE_SPEC);
    Random random = new Random(SEED);
    List<Function<Random, Request>> generators = generators(smoke);

    HttpClient http = HttpClient.newHttpClient();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      Request request = generators.get(i % generators.size()).apply(random);
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(runs.toURI())
          .header("Content-Type", request.contentType())
          .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
          .build(), HttpResponse.BodyHandlers.ofString());
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      String detail = null;
      if (contentType.startsWith("application/problem+json")) {
        try {
          detail = new JsonPath(response.body()).getString("detail");
        } catch (RuntimeException notJson) {
          detail = null;
        }
      }
      if (response.statusCode() < 400 || response.statusCode() >= 500 || detail == null || detail.isBlank()) {
        failures.add("case " + i + " (" + request.what() + "): " + response.statusCode() + " " + contentType + " "
            + abbreviate(response.body()));
      }
    }

    given().when().get("/q/health/ready").then().statusCode(200);
    assertTrue(failures.isEmpty(), failures.size() + " of " + CASES + " malformed requests were not refused with a 4xx"
        + " problem carrying a detail (seed " + SEED + "):\n" + String.join("\n", failures));
    String query = "WorkflowType = 'PipelineWorkflow' AND StartTime >= '" + testStart + "'";
    List<String> started = client.listExecutions(query).map(w -> w.getExecution().getWorkflowId()).toList();
    assertEquals(List.of(), started, "malformed requests started workflows");
  }

  /** One kind of malformed request per generator; the test cycles through them with one seeded random source. */
  private static List<Function<Random, Request>> generators(String smoke) {
    String[] lines = smoke.split("\n");
    String json = """
        {"name": "fuzz", "seed": 42, "dataset": {"name": "mnist"},
         "pretrain": {"hiddenUnits": [256], "latentUnits": 64, "epochs": 1, "maxBatchesPerEpoch": 5},
         "fineTune": {"epochs": 3, "batchSize": 16}, "evaluate": {"baselines": ["scratch"]}}""";
    // The name last: any cut before it leaves a spec without its required name.
    String nameLast = smoke.replace("name: mnist-smoke\n", "") + "\nname: mnist-smoke\n";
    List<Function<Random, Request>> generators = new ArrayList<>();
    generators.add(r -> yaml("duplicate key", smoke + "\nseed: " + r.nextInt(100) + "\n"));
    generators.add(r -> {
      String[] pair = OUT_OF_RANGE.get(r.nextInt(OUT_OF_RANGE.size()));
      return yaml("out of range " + pair[1], smoke.replace(pair[0], pair[1]));
    });
    generators.add(r -> {
      int line = valueLine(lines, r);
      String key = lines[line].substring(0, lines[line].indexOf(':') + 1);
      String value = WRONG_TYPES.get(r.nextInt(WRONG_TYPES.size()));
      return yaml("wrong type " + key + " " + value, replaceLine(lines, line, key + " " + value));
    });
    generators.add(r -> {
      int line = valueLine(lines, r);
      String indent = lines[line].substring(0, lines[line].length() - lines[line].stripLeading().length());
      String field = indent + "unknown" + Integer.toString(r.nextInt(1 << 20), 36) + ": 1";
      return yaml("unknown field", replaceLine(lines, line, lines[line] + "\n" + field));
    });
    generators.add(r -> yaml("truncated yaml", nameLast.substring(0, r.nextInt(nameLast.indexOf("\nname:") + 1))));
    generators.add(r -> new Request("truncated json", "application/json",
        json.substring(0, r.nextInt(json.length() - 1)).getBytes(StandardCharsets.UTF_8)));
    generators.add(r -> {
      int depth = 1_000 + r.nextInt(50_000);
      return new Request("json nested " + depth, "application/json",
          ("{\"name\": \"fuzz\", \"dataset\": " + "[".repeat(depth) + "]".repeat(depth) + "}")
              .getBytes(StandardCharsets.UTF_8));
    });
    generators.add(r -> {
      int depth = 1_000 + r.nextInt(50_000);
      return yaml("yaml nested " + depth, "name: fuzz\ndataset: " + "{a: ".repeat(depth) + "1" + "}".repeat(depth));
    });
    generators.add(r -> {
      String huge = "x".repeat(100_000 + r.nextInt(300_000));
      String[] targets = {"name: " + huge, "dataset: {name: " + huge + "}", "comment" + huge.substring(0, 100) + ": "
          + huge, "pretrain: {corruption: " + huge + "}"};
      return yaml("huge string", smoke.replace("name: mnist-smoke", targets[r.nextInt(targets.length)]));
    });
    generators.add(r -> {
      byte[] garbage = new byte[1 + r.nextInt(4096)];
      r.nextBytes(garbage);
      return new Request("binary garbage", r.nextBoolean() ? "application/yaml" : "application/json", garbage);
    });
    generators.add(r -> {
      String[] types = {"text/plain", "application/xml", "application/octet-stream", "multipart/form-data; boundary=x",
          "application/x-www-form-urlencoded", "image/png", "text/html"};
      String type = types[r.nextInt(types.length)];
      return new Request("content type " + type, type, smoke.getBytes(StandardCharsets.UTF_8));
    });
    generators.add(r -> {
      String[] bodies = {"", "null", "[]", "42", "\"spec\"", "---\n...\n", "{}", "- name: fuzz\n", "true"};
      String body = bodies[r.nextInt(bodies.length)];
      return new Request("not a spec '" + body.strip() + "'", r.nextBoolean() ? "application/yaml" : "application/json",
          body.getBytes(StandardCharsets.UTF_8));
    });
    generators.add(r -> {
      // Billion laughs: every level doubles the aliases a naive loader would expand.
      StringBuilder bomb = new StringBuilder("a0: &a0 [lol, lol]\n");
      int levels = 20 + r.nextInt(20);
      for (int level = 1; level < levels; level++) {
        bomb.append("a").append(level).append(": &a").append(level)
            .append(" [*a").append(level - 1).append(", *a").append(level - 1).append("]\n");
      }
      return yaml("alias bomb " + levels, "name: fuzz\ndataset: {name: mnist}\n" + bomb);
    });
    generators.add(r -> {
      String[] enums = {"dataset:\n  name: cifar-10", "corruption: blur", "objective: gan", "baselines: [magic]",
          "name: Mnist_Smoke", "name: -smoke", "name: " + "a".repeat(41)};
      String bad = enums[r.nextInt(enums.length)];
      String field = bad.substring(0, bad.indexOf(':') + 1);
      String original = field.equals("dataset:") ? "dataset:\n  name: mnist" : lineStartingWith(lines, field);
      return yaml("bad value " + bad, smoke.replace(original, bad));
    });
    generators.add(r -> {
      // Random byte flips in the YAML, then an unknown field, so that flips that happen to keep it valid are refused.
      byte[] bytes = smoke.getBytes(StandardCharsets.UTF_8);
      for (int flips = 1 + r.nextInt(8); flips > 0; flips--) {
        bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
      }
      byte[] unknown = ("\nzzz" + r.nextInt(1000) + ": 1\n").getBytes(StandardCharsets.UTF_8);
      byte[] body = Arrays.copyOf(bytes, bytes.length + unknown.length);
      System.arraycopy(unknown, 0, body, bytes.length, unknown.length);
      return new Request("byte flips", "application/yaml", body);
    });
    return generators;
  }

  private static int valueLine(String[] lines, Random random) {
    while (true) {
      int line = random.nextInt(lines.length);
      String text = lines[line];
      if (!text.startsWith("#") && text.contains(": ") && !text.endsWith(":") && !text.startsWith("name:")
          && !text.contains(": [")) {
        return line;
      }
    }
  }

  private static String lineStartingWith(String[] lines, String field) {
    for (String line : lines) {
      if (line.strip().startsWith(field)) {
        return line.strip();
      }
    }
    throw new IllegalArgumentException("no " + field + " in the smoke spec");
  }

  private static String replaceLine(String[] lines, int index, String replacement) {
    String[] copy = lines.clone();
    copy[index] = replacement;
    return String.join("\n", copy) + "\n";
  }

  private static Request yaml(String what, String body) {
    return new Request(what, "application/yaml", body.getBytes(StandardCharsets.UTF_8));
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }

  private record Request(String what, String contentType, byte[] body) {}
}
