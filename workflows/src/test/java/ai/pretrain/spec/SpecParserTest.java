package ai.pretrain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.plugin.EncoderArchitecture;
import ai.pretrain.plugin.PluginRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecParserTest {

  private static final String FULL_YAML = """
      name: mnist-full
      seed: 7
      dataset:
        name: mnist
      prep:
        validationFraction: 0.2
        labeledFraction: 0.05
      pretrain:
        hiddenUnits: [512, 128]
        corruption: gaussian
        epochs: 3
      adapt:
        freezeEncoder: true
      fineTune:
        learningRate: 0.01
        patience: 4
      sweep:
        parameters:
          fineTune.learningRate: [0.001, 0.003]
          fineTune.batchSize: [16, 32]
      evaluate:
        baselines: [scratch]
      """;

  private static final String FULL_JSON = """
      {"name": "mnist-full", "seed": 7, "dataset": {"name": "mnist"},
       "prep": {"validationFraction": 0.2, "labeledFraction": 0.05},
       "pretrain": {"hiddenUnits": [512, 128], "corruption": "gaussian", "epochs": 3},
       "adapt": {"freezeEncoder": true},
       "fineTune": {"learningRate": 0.01, "patience": 4},
       "sweep": {"parameters": {"fineTune.learningRate": [0.001, 0.003], "fineTune.batchSize": [16, 32]}},
       "evaluate": {"baselines": ["scratch"]}}
      """;

  private static SpecParser parser;

  @BeforeAll
  static void createParser() {
    parser = new SpecParser();
  }

  @Test
  void fullYamlParsesWithDefaultsFilled() {
    PipelineSpec spec = parser.parse(FULL_YAML);

    assertEquals("mnist-full", spec.name());
    assertEquals(7L, spec.seed());
    assertEquals(new DatasetSpec("mnist"), spec.dataset());
    assertEquals(new PrepSpec(0.2, 0.1, 0.05, 100_000), spec.prep());
    assertEquals(
        new PretrainSpec("denoising-autoencoder", List.of(512, 128), 64, "gaussian", 0.3, 3, 128, 1e-3, 0.0, null, 0),
        spec.pretrain());
    assertEquals(new AdaptSpec(0, 0.0, true, List.of()), spec.adapt());
    assertEquals(new FineTuneSpec(50, 32, 0.01, 0.0, 4, null, null, 0, null, null), spec.fineTune());
    assertEquals("grid", spec.sweep().method());
    assertEquals(2, spec.sweep().parallelism());
    assertEquals(
        Map.of("fineTune.learningRate", SweepSpec.Dimension.choice(List.of(0.001, 0.003)),
            "fineTune.batchSize", SweepSpec.Dimension.choice(List.of(16.0, 32.0))),
        spec.sweep().parameters());
    assertEquals(List.of("scratch"), spec.evaluate().baselines());
  }

  @Test
  void sameSpecAsJsonParsesEqual() {
    assertEquals(parser.parse(FULL_YAML), parser.parse(FULL_JSON));
  }

  @Test
  void minimalSpecGetsEveryDefault() {
    PipelineSpec spec = parser.parse("{name: x, dataset: {name: mnist}}");

    assertEquals(PipelineSpec.DEFAULT_SEED, spec.seed());
    assertEquals(PrepSpec.defaults(), spec.prep());
    assertEquals(PretrainSpec.defaults(), spec.pretrain());
    assertEquals(AdaptSpec.defaults(), spec.adapt());
    assertEquals(FineTuneSpec.defaults(), spec.fineTune());
    assertEquals(EvaluateSpec.defaults(), spec.evaluate());
    assertNull(spec.sweep());
    assertFalse(spec.hasSweep());
  }

  @Test
  void everyViolationIsReportedInOneSubmission() {
    String yaml = """
        dataset:
          name: cifar
        prep:
          labeledFraction: 0
        pretrain:
          epochz: 3
          epochs: 0
        fineTune:
          epochs: 5000
        """;

    Map<String, String> byField = violationsOf(yaml);

    assertTrue(byField.get("name").contains("required"), byField.toString());
    assertTrue(byField.containsKey("dataset.name"), byField.toString());
    assertTrue(byField.containsKey("prep.labeledFraction"), byField.toString());
    assertTrue(byField.get("pretrain.epochz").contains("not a known field"), byField.toString());
    assertTrue(byField.get("pretrain.epochs").contains("1"), byField.toString());
    assertTrue(byField.get("fineTune.epochs").contains("1000"), byField.toString());
    assertEquals(6, byField.size(), byField.toString());
  }

  @Test
  void badNamePatternIsReportedOnNameWithWhatTheFieldWants() {
    Map<String, String> byField = violationsOf("{name: Bad_Name, dataset: {name: mnist}}");

    assertEquals(List.of("name"), List.copyOf(byField.keySet()));
    assertTrue(byField.get("name").endsWith("(Run name: lowercase letters, digits and dashes, 1 to 40 characters.)"),
        byField.get("name"));
  }

  @Test
  void malformedYamlNamesTheLine() {
    String yaml = "name: x\ndataset:\n  name: mnist\nprep: [unclosed\n  labeledFraction: 0.1\n";

    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(yaml));

    assertEquals(1, e.violations().size());
    assertEquals("$", e.violations().get(0).field());
    assertTrue(e.violations().get(0).message().matches("(?s).*at line \\d+.*"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\n"})
  void emptyBodyIsOneViolation(String body) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(body));

    assertEquals(1, e.violations().size());
    assertTrue(e.violations().get(0).message().contains("empty"), e.getMessage());
  }

  @Test
  void nullBodyIsOneViolation() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(null));

    assertEquals(1, e.violations().size());
  }

  @Test
  void scalarBodyIsNotASpec() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse("just a string"));

    assertTrue(e.violations().get(0).message().contains("mapping"), e.getMessage());
  }

  @Test
  void aliasBombIsRejectedQuickly() {
    // Nine levels of nine aliases would expand to 9^9 strings; the bomb hides inside a known field so that only the
    // alias handling, not an unknown-field check, stands between it and the heap.
    StringBuilder levels = new StringBuilder("[&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
    for (char anchor = 'b'; anchor <= 'i'; anchor++) {
      String alias = "*" + (char) (anchor - 1);
      levels.append(", &").append(anchor).append(" [").append(String.join(", ", java.util.Collections.nCopies(9, alias)))
          .append(']');
    }
    String bomb = "name: x\ndataset: {name: mnist}\nevaluate:\n  baselines: " + levels + "]\n"
        + "pretrain:\n  hiddenUnits: *i\n";

    InvalidSpecException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(InvalidSpecException.class, () -> parser.parse(bomb)));

    assertFalse(e.violations().isEmpty());
    assertTrue(e.getMessage().length() < 10_000, "the violations expanded the aliases: " + e.getMessage().length());
  }

  @Test
  void aFieldGivenTwiceIsRejectedNotSilentlyOverwritten() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class,
        () -> parser.parse("name: x\nseed: 42\ndataset: {name: mnist}\nseed: 7\n"));

    assertTrue(e.getMessage().contains("Duplicate field 'seed'"), e.getMessage());
  }

  @Test
  void anyAliasIsRejectedNamingItsLine() {
    String spec = "name: &n demo\ndataset: {name: mnist}\nevaluate:\n  baselines: [*n]\n";

    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(spec));

    assertEquals(1, e.violations().size(), e.getMessage());
    assertTrue(e.violations().get(0).message().contains("aliases are not supported (*n at line 4)"), e.getMessage());
  }

  @Test
  void specOverTheSizeLimitIsRejectedBeforeParsing() {
    String huge = "name: x\ndataset: {name: mnist}\n# " + "x".repeat(300 * 1024) + "\n";

    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(huge));

    assertTrue(e.violations().get(0).message().contains("longer than"), e.getMessage());
  }

  @Test
  void seedBeyondALongIsReportedBesideOtherViolations() {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(
        "name: x\nseed: 100000000000000000000000000000000000000000000000000000000000\ndataset: {name: mnist}\n"
            + "pretrain: {epochs: 0}\n"));

    List<String> fields = e.violations().stream().map(Violation::field).toList();
    assertTrue(fields.contains("seed") && fields.contains("pretrain.epochs"), e.getMessage());
  }

  @Test
  void everyIntegerInTheSchemaHasAMaximum() throws IOException {
    // Without one, a number too large for its Java field passes the schema and is only caught when the spec is bound,
    // which happens after the schema's violations are reported, so it would go unreported beside them.
    JsonNode schema;
    try (InputStream in = SpecParser.class.getResourceAsStream(SpecParser.SCHEMA_RESOURCE)) {
      schema = new ObjectMapper().readTree(in);
    }
    List<String> unbounded = new ArrayList<>();
    collectUnboundedIntegers(schema, "", unbounded);
    assertTrue(unbounded.isEmpty(), "integers without a maximum: " + unbounded);
  }

  private static void collectUnboundedIntegers(JsonNode node, String path, List<String> unbounded) {
    if (node.isObject() && "integer".equals(node.path("type").asText()) && !node.has("maximum")) {
      unbounded.add(path);
    }
    if (node.isContainerNode()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        collectUnboundedIntegers(field.getValue(), path + "/" + field.getKey(), unbounded);
      }
      for (int i = 0; node.isArray() && i < node.size(); i++) {
        collectUnboundedIntegers(node.get(i), path + "/" + i, unbounded);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "!!java.lang.Runtime {}",
      "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]",
      "!!java.lang.ProcessBuilder [[\"touch\", \"/tmp/pwned\"]]"})
  void javaTypeTagsAreNeverInstantiated(String tagged) {
    String yaml = "name: x\ndataset: {name: mnist}\nseed: " + tagged + "\n";

    // Jackson's YAML reader builds a tree of plain nodes and ignores type tags, so the tagged value is data; the schema
    // then rejects it because it is not an integer. Either way nothing is constructed.
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(yaml));

    assertTrue(e.violations().stream().anyMatch(v -> v.field().equals("seed") || v.field().equals("$")),
        e.getMessage());
  }

  @Test
  void taggedValueWhereAStringFitsIsTreatedAsData() {
    PipelineSpec spec = parser.parse("name: !!javax.script.ScriptEngineManager x\ndataset: {name: mnist}\n");

    assertEquals("x", spec.name());
  }

  @Test
  void validationAndTestFractionsMustLeaveRoomForTraining() {
    Map<String, String> byField =
        violationsOf("{name: x, dataset: {name: mnist}, prep: {validationFraction: 0.5, testFraction: 0.45}}");

    assertEquals(List.of("prep.testFraction"), List.copyOf(byField.keySet()));
    assertTrue(byField.get("prep.testFraction").contains("10%"));
  }

  @Test
  void sweepGridOver256TrialsIsRejected() {
    String values = Stream.iterate(1, i -> i + 1).limit(17).map(String::valueOf).collect(Collectors.joining(", "));
    String yaml = "{name: x, dataset: {name: mnist}, sweep: {parameters: {"
        + "fineTune.epochs: [" + values + "], fineTune.patience: [" + values + "]}}}";

    Map<String, String> byField = violationsOf(yaml);

    assertEquals(List.of("sweep.parameters"), List.copyOf(byField.keySet()));
    assertTrue(byField.get("sweep.parameters").contains("289"), byField.toString());
  }

  @Test
  void sweepGridOfExactly256TrialsIsAllowed() {
    String values = Stream.iterate(1, i -> i + 1).limit(16).map(String::valueOf).collect(Collectors.joining(", "));
    String yaml = "{name: x, dataset: {name: mnist}, sweep: {parameters: {"
        + "fineTune.epochs: [" + values + "], fineTune.patience: [" + values + "]}}}";

    assertEquals(2, parser.parse(yaml).sweep().parameters().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"fineTune.maxBatchesPerEpoch", "pretrain.hiddenUnits", "adapt.freezeEncoder", "learningRate",
      "fineTune.lr", "fineTune.optimizer.schedule"})
  void sweepKeysOutsideTheSweepableFieldsAreRejected(String key) {
    Map<String, String> byField =
        violationsOf("{name: x, dataset: {name: mnist}, sweep: {parameters: {\"" + key + "\": [1, 2]}}}");

    assertTrue(byField.keySet().stream().anyMatch(f -> f.startsWith("sweep.parameters")), byField.toString());
  }

  @Test
  void everySweepableKeyIsAccepted() {
    for (String key : SweepSpec.SWEEPABLE) {
      // 0.5 lies inside every sweepable real field's own range, 2 inside every whole-number one's.
      String value = List.of("fineTune.epochs", "fineTune.batchSize", "fineTune.patience", "fineTune.optimizer.warmupEpochs",
          "fineTune.gradientAccumulation", "adapt.headHiddenUnits", "pretrain.epochs", "pretrain.batchSize", "pretrain.latentUnits").contains(key)
          ? "2" : "0.5";
      String unlabeled = key.startsWith("fineTune.unlabeled.") ? ", fineTune: {unlabeled: {}}" : "";
      PipelineSpec spec = parser.parse("{name: x, dataset: {name: mnist}" + unlabeled + ", sweep: {parameters: {\""
          + key + "\": [" + value + "]}}}");
      assertEquals(List.of(key), List.copyOf(spec.sweep().parameters().keySet()));
    }
    assertEquals(21, SweepSpec.SWEEPABLE.size());
  }

  @TestFactory
  Stream<DynamicTest> everyExampleSpecParses() throws IOException {
    Path examples = Path.of("..", "examples");
    List<Path> files;
    try (Stream<Path> listing = Files.list(examples)) {
      files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no example specs under " + examples.toAbsolutePath());
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
        () -> parser.parse(Files.readString(file))));
  }

  @Test
  void anUnknownDatasetOrAugmentationListsTheInstalledPlugins() {
    Map<String, String> violations = violationsOf("""
        name: x
        dataset: {name: cifar10}
        fineTune:
          augmentations: [{name: rotation, magnitude: 10}, {name: mixup}]
        """);
    assertTrue(violations.get("dataset.name")
        .startsWith("unknown dataset 'cifar10'; installed: diabetes, mnist, spam-assassin, wine"), violations.toString());
    assertTrue(violations.get("fineTune.augmentations[1].name").startsWith("unknown augmentation 'mixup'; installed: "
        + "random-resized-crop, rotation"), violations.toString());
    assertEquals(2, violations.size(), violations.toString());
  }

  @Test
  void augmentationsOfATableAreRefused() {
    Map<String, String> violations = violationsOf("""
        name: x
        dataset: {name: wine}
        fineTune: {augmentations: [{name: rotation}]}
        """);
    assertTrue(violations.get("fineTune.augmentations").contains("'wine' is not images"), violations.toString());
  }

  @Test
  void augmentationsParseWithTheirDefaultProbability() {
    PipelineSpec spec = parser.parse("""
        name: x
        dataset: {name: mnist}
        fineTune: {augmentations: [{name: rotation, magnitude: 10}, {name: rotation, probability: 1}]}
        """);
    assertEquals(List.of(new AugmentationSpec("rotation", 10.0, 0.5), new AugmentationSpec("rotation", null, 1.0)),
        spec.fineTune().augmentations());
  }

  @Test
  void pseudoLabellingParsesWithFixMatchDefaultsAndGivesTheLabeledOnlyBaselineItsOwnBudget() {
    PipelineSpec spec = parser.parse("""
        name: x
        dataset: {name: mnist}
        fineTune: {learningRate: 0.002, unlabeled: {threshold: 0.9}}
        evaluate: {baselines: [scratch, linear-probe, labeled-only]}
        """);
    UnlabeledSpec unlabeled = spec.fineTune().unlabeled();
    assertEquals(new UnlabeledSpec("pseudo-label", 0.9, 4, 1.0, PretrainSpec.CONTRASTIVE_AUGMENTATIONS), unlabeled);
    assertEquals(spec.fineTune(), spec.evaluate().fineTuneOf("scratch", spec.fineTune()), "scratch pseudo-labels too");
    assertNull(spec.evaluate().fineTuneOf("labeled-only", spec.fineTune()).unlabeled());
    assertNull(spec.evaluate().fineTuneOf("linear-probe", spec.fineTune()).unlabeled());
    assertEquals(0.002, spec.evaluate().fineTuneOf("labeled-only", spec.fineTune()).learningRate());
    assertEquals(0.8, spec.fineTune().with("unlabeled.threshold", 0.8).unlabeled().threshold(), "sweepable");
  }

  @Test
  void pseudoLabellingOfATableAndALabeledOnlyBaselineWithoutItAreRefused() {
    Map<String, String> violations = violationsOf("""
        name: x
        dataset: {name: wine}
        fineTune: {unlabeled: {method: pseudo-label, augmentations: [{name: mixup}]}}
        """);
    assertTrue(violations.get("fineTune.unlabeled").contains("'wine' has none"), violations.toString());
    assertTrue(violations.get("fineTune.unlabeled.augmentations[0].name").startsWith("unknown augmentation 'mixup'"),
        violations.toString());
    Map<String, String> baseline = violationsOf("""
        name: x
        dataset: {name: mnist}
        evaluate: {baselines: [labeled-only]}
        """);
    assertTrue(baseline.get("evaluate.baselines").contains("set fineTune.unlabeled"), baseline.toString());
    Map<String, String> method = violationsOf("""
        name: x
        dataset: {name: mnist}
        fineTune: {unlabeled: {method: mean-teacher, threshold: 1.5}}
        """);
    assertTrue(method.containsKey("fineTune.unlabeled.method"), method.toString());
    assertTrue(method.containsKey("fineTune.unlabeled.threshold"), method.toString());
  }

  @Test
  void freezeGlobsSelectLayersByNameAndOneMatchingNothingIsRefused() {
    PipelineSpec spec = parser.parse("""
        name: x
        dataset: {name: mnist}
        pretrain: {hiddenUnits: [128, 64]}
        adapt: {headHiddenUnits: 16, freeze: ["encoder.?", "head.0"]}
        fineTune: {layerLearningRateDecay: 0.5}
        """);
    assertEquals(List.of("encoder.0", "encoder.1", "encoder.2", "head.0", "head.1"),
        spec.adapt().layerNames(layers(spec)));
    assertEquals(List.of("encoder.0", "encoder.1", "encoder.2", "head.0"), spec.adapt().frozenLayers(layers(spec)));
    assertEquals(0.5, spec.fineTune().layerLearningRateDecay());

    Map<String, String> violations = violationsOf("""
        name: x
        dataset: {name: mnist}
        adapt: {freeze: ["encoder.1", "decoder.*"]}
        """);
    assertEquals("'decoder.*' matches no layer; the layers are encoder.0, encoder.1, head.0",
        violations.get("adapt.freeze"));
  }

  @Test
  void freezeEncoderFreezesEveryEncoderLayerAndTheScratchBaselineNone() {
    PipelineSpec spec = parser.parse("{name: x, dataset: {name: mnist}, adapt: {freezeEncoder: true, freeze: [head.0]}}");
    assertEquals(List.of("encoder.0", "encoder.1", "head.0"), spec.adapt().frozenLayers(layers(spec)));
    assertEquals(List.of(), spec.adapt().unfrozen().frozenLayers(layers(spec)));
  }

  @Test
  void loraDefaultsToRankEightOnTheEncoderAndRefusesGlobsMatchingNothing() {
    PipelineSpec spec = parser.parse("{name: x, dataset: {name: mnist}, adapt: {lora: {}}}");
    assertEquals(new LoraSpec(8, 16.0, List.of("encoder.*")), spec.adapt().lora());
    assertEquals(2.0, spec.adapt().lora().scaling());
    assertEquals(List.of("encoder.0", "encoder.1"), spec.adapt().loraLayers(layers(spec)));
    assertEquals(List.of(), spec.adapt().unfrozen().loraLayers(layers(spec)), "scratch trains without adapters");

    Map<String, String> violations = violationsOf("""
        name: x
        dataset: {name: mnist}
        adapt: {freezeEncoder: true, lora: {rank: 0, layers: ["encoder.7"]}}
        """);
    assertTrue(violations.containsKey("adapt.lora.rank"), violations.toString());
    violations = violationsOf("""
        name: x
        dataset: {name: mnist}
        adapt: {freezeEncoder: true, lora: {rank: 4, layers: ["encoder.7"]}}
        """);
    assertEquals("'encoder.7' matches no linear layer; the linear layers are encoder.0, encoder.1, head.0",
        violations.get("adapt.lora.layers"));
    assertTrue(violations.get("adapt.lora").contains("use one or the other"), violations.toString());
  }

  @Test
  void aResidualCnnNamesItsStemAndStagesAndTakesAdaptersOnlyOnItsLinearLayers() {
    PipelineSpec spec = parser.parse("""
        name: x
        dataset: {name: mnist}
        pretrain: {architecture: residual-cnn, channels: [8, 16, 32]}
        adapt: {lora: {layers: ["*"]}, freeze: [encoder.0]}
        """);
    assertEquals(List.of("encoder.0", "encoder.1", "encoder.2", "encoder.3", "encoder.4", "head.0"),
        spec.adapt().layerNames(layers(spec)));
    assertEquals(List.of("encoder.4", "head.0"), spec.adapt().loraLayers(layers(spec)));

    Map<String, String> table = violationsOf("{name: x, dataset: {name: wine}, pretrain: {architecture: residual-cnn}}");
    assertTrue(table.get("pretrain.architecture").contains("residual-cnn reads images and dataset 'wine' is a table; use mlp"), table.toString());
    Map<String, String> convolution = violationsOf(
        "{name: x, dataset: {name: mnist}, pretrain: {architecture: residual-cnn}, adapt: {lora: {layers: [encoder.1]}}}");
    assertTrue(convolution.get("adapt.lora.layers").contains("the linear layers are encoder.3, head.0"),
        convolution.toString());
  }

  /** Guards the schema's documented defaults and the records' compact-constructor defaults against drifting apart. */
  @Test
  void schemaDefaultsEqualJavaDefaults() throws IOException {
    JsonNode schema;
    try (InputStream in = SpecParser.class.getResourceAsStream(SpecParser.SCHEMA_RESOURCE)) {
      schema = new ObjectMapper().readTree(in);
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode parsed = json.valueToTree(parser.parse("{name: x, dataset: {name: mnist}}"));
    JsonNode properties = schema.get("properties");

    assertEquals(properties.get("seed").get("default").asLong(), parsed.get("seed").asLong());
    int compared = 1;
    for (String section : List.of("prep", "pretrain", "adapt", "fineTune", "evaluate")) {
      compared += compareDefaults(schema, resolve(schema, properties.get(section)), parsed.get(section), section);
    }
    JsonNode sweepSchema = properties.get("sweep").get("properties");
    SweepSpec sweepDefaults = new SweepSpec(null, Map.of("fineTune.epochs", List.of(1.0)), null);
    assertEquals(sweepSchema.get("method").get("default").asText(), sweepDefaults.method());
    assertEquals(sweepSchema.get("parallelism").get("default").asInt(), sweepDefaults.parallelism());
    assertTrue(compared > 20, "compared only " + compared + " defaults");
  }

  /** Compares every field's schema default with the parsed Java default, descending into nested objects. */
  private static int compareDefaults(JsonNode schema, JsonNode objectSchema, JsonNode parsed, String path) {
    int compared = 0;
    Iterator<Map.Entry<String, JsonNode>> fields = objectSchema.get("properties").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode fieldSchema = resolve(schema, field.getValue());
      String fieldPath = path + "." + field.getKey();
      if ("object".equals(fieldSchema.path("type").asText())) {
        JsonNode nested = parsed.get(field.getKey());
        // an optional section (adapt.lora) is absent unless written, so it has no defaults to compare
        if (nested != null && !nested.isNull()) {
          compared += compareDefaults(schema, fieldSchema, nested, fieldPath);
        }
        continue;
      }
      JsonNode schemaDefault = fieldSchema.get("default");
      if (schemaDefault == null) {
        fail(fieldPath + " has no default in the schema");
      }
      JsonNode javaDefault = parsed.get(field.getKey());
      assertTrue(sameValue(schemaDefault, javaDefault),
          fieldPath + ": schema says " + schemaDefault + ", Java says " + javaDefault);
      compared++;
    }
    return compared;
  }

  private static JsonNode resolve(JsonNode schema, JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : schema.at(ref.asText().substring(1));
  }

  private static boolean sameValue(JsonNode expected, JsonNode actual) {
    if (expected.isNull()) {
      // a field serialized only when given (fineTune.gradientAccumulation) is absent from the parsed defaults
      return actual == null || actual.isNull();
    }
    if (expected.isNumber() && actual != null && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    if (expected.isArray() && actual != null && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        if (!sameValue(expected.get(i), actual.get(i))) {
          return false;
        }
      }
      return true;
    }
    return expected.equals(actual);
  }

  /** The spec's encoder layers, as its architecture plugin counts them. */
  static EncoderLayers layers(PipelineSpec spec) {
    return PluginRegistry.installed().get(EncoderArchitecture.KIND, spec.pretrain().architecture(), "architecture")
        .layers(spec.pretrain().encoder());
  }

  private static Map<String, String> violationsOf(String yaml) {
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> parser.parse(yaml));
    return e.violations().stream().collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a + " | " + b,
        java.util.LinkedHashMap::new));
  }
}
