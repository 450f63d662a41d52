package ai.pretrain.spec;

import ai.pretrain.plugin.Augmentation;
import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.EncoderArchitecture.Input;
import ai.pretrain.plugin.EncoderArchitecture;
import ai.pretrain.plugin.Metric;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.plugin.PretrainingObjective;
import ai.pretrain.plugin.TextCorpusReader;
import ai.pretrain.plugin.TextDatasetReader;
import ai.pretrain.plugin.UnknownPluginException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;

/**
 * Reads a pipeline spec from YAML or JSON (JSON is YAML), checks it against the published JSON Schema and the rules a
 * schema cannot express, and reports every violation at once.
 */
public final class SpecParser {

  /** Classpath location of the published schema; the API serves it and the README links it. */
  public static final String SCHEMA_RESOURCE = "/ai/pretrain/spec/pipeline-spec.schema.json";

  private static final int MAX_SPEC_CHARS = 256 * 1024;
  private static final int MAX_SWEEP_TRIALS = 256;

  private final ObjectMapper yaml;
  private final JsonSchema schema;
  private final PluginRegistry plugins;

  /** A parser that checks plugin names against the plugins installed on this process's classpath. */
  public SpecParser() {
    this(PluginRegistry.installed());
  }

  public SpecParser(PluginRegistry plugins) {
    this.plugins = plugins;
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(MAX_SPEC_CHARS);
    this.yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(loader).build())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        // a field given twice would otherwise silently take its last value
        .configure(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, true);
    try (InputStream in = SpecParser.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pipeline spec schema", e);
    }
  }

  /** Parses and validates; throws {@link InvalidSpecException} listing every problem. */
  public PipelineSpec parse(String text) {
    JsonNode tree = readTree(text);
    List<Violation> violations = schemaViolations(tree);
    if (!violations.isEmpty()) {
      violations.addAll(pluginViolations(tree));
      throw new InvalidSpecException(violations);
    }
    violations.addAll(pluginViolations(tree));
    applyRegressionDefaults(tree);
    PipelineSpec spec;
    try {
      spec = yaml.treeToValue(tree, PipelineSpec.class);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException(List.of(new Violation("$", e.getOriginalMessage())));
    }
    violations.addAll(crossFieldViolations(spec));
    if (!violations.isEmpty()) {
      throw new InvalidSpecException(violations);
    }
    return spec;
  }

  private JsonNode readTree(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidSpecException(List.of(new Violation("$", "the spec is empty; send a YAML or JSON pipeline spec")));
    }
    if (text.length() > MAX_SPEC_CHARS) {
      throw new InvalidSpecException(
          List.of(new Violation("$", "the spec is longer than " + MAX_SPEC_CHARS + " characters")));
    }
    rejectAliases(text);
    try {
      JsonNode tree = yaml.readTree(text);
      if (tree == null || !tree.isObject()) {
        throw new InvalidSpecException(
            List.of(new Violation("$", "the spec must be a mapping with name, dataset and stage sections")));
      }
      return tree;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr();
      throw new InvalidSpecException(
          List.of(new Violation("$", "not valid YAML or JSON" + where + ": " + e.getOriginalMessage())));
    }
  }

  /**
   * YAML anchors and aliases ({@code &x} / {@code *x}) are refused outright: the reader would not expand them, and
   * refusing them also rules out alias bombs.
   */
  private static void rejectAliases(String text) {
    try {
      for (Event event : new Yaml(new LoaderOptions()).parse(new StringReader(text))) {
        if (event instanceof AliasEvent alias) {
          int line = alias.getStartMark() == null ? 0 : alias.getStartMark().getLine() + 1;
          throw new InvalidSpecException(List.of(new Violation("$", "YAML aliases are not supported (*"
              + alias.getAnchor() + " at line " + line + "); write the value out in full")));
        }
      }
    } catch (YAMLException malformed) {
      // readTree reports malformed YAML with its position
    }
  }

  private List<Violation> schemaViolations(JsonNode tree) {
    Set<ValidationMessage> messages = schema.validate(tree);
    List<Violation> violations = new ArrayList<>();
    for (ValidationMessage m : messages) {
      String field = fieldPath(m);
      violations.add(new Violation(field, describe(m)));
    }
    violations.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
    return violations;
  }

  private static String fieldPath(ValidationMessage m) {
    String path = m.getInstanceLocation().toString();
    if ("additionalProperties".equals(m.getType()) || "required".equals(m.getType())) {
      String property = m.getProperty();
      path = path.equals("$") ? "$." + property : path + "." + property;
    }
    return path.equals("$") ? "$" : path.substring(2);
  }

  private String describe(ValidationMessage m) {
    return switch (m.getType()) {
      case "additionalProperties" -> "is not a known field; check its spelling against the schema";
      case "required" -> "is required";
      default -> {
        String text = m.getMessage();
        int colon = text.indexOf(": ");
        String rule = colon >= 0 ? text.substring(colon + 2) : text;
        yield "pattern".equals(m.getType()) ? rule + fieldDescription(m) : rule;
      }
    };
  }

  /** A regular expression alone tells a user little; the field's description in the schema says what it wants. */
  private String fieldDescription(ValidationMessage m) {
    JsonNodePath rule = m.getSchemaLocation().getFragment();
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < rule.getNameCount() - 1; i++) {
      field.append('/').append(rule.getName(i));
    }
    JsonNode description = schema.getSchemaNode().at(field.toString()).path("description");
    return description.isTextual() ? " (" + description.asText() + ")" : "";
  }

  /** Plugin names are checked on the raw tree, so they are reported together with the schema's violations. */
  private List<Violation> pluginViolations(JsonNode tree) {
    List<Violation> violations = new ArrayList<>(SourceRules.violations(tree));
    DatasetReader dataset = null;
    TextDatasetReader texts = null;
    JsonNode datasetName = tree.path("dataset").path("name");
    if (datasetName.isTextual() && !tree.path("dataset").has("uri")) {
      String name = datasetName.asText();
      dataset = plugins.all(DatasetReader.KIND).get(name);
      texts = plugins.all(TextDatasetReader.KIND).get(name);
      if (dataset == null && texts == null) {
        List<String> known = new ArrayList<>(plugins.names(DatasetReader.KIND));
        known.addAll(plugins.names(TextDatasetReader.KIND));
        violations.add(violation(new UnknownPluginException("dataset.name", "dataset", name, known.stream().sorted()
            .toList())));
      }
    }
    JsonNode corpus = tree.path("pretrain").path("corpus");
    if (corpus.isTextual()) {
      try {
        plugins.get(TextCorpusReader.KIND, corpus.asText(), "pretrain.corpus");
      } catch (UnknownPluginException e) {
        violations.add(violation(e));
      }
    }
    JsonNode augmentations = tree.path("fineTune").path("augmentations");
    violations.addAll(augmentationViolations(augmentations, "fineTune.augmentations"));
    JsonNode unlabeled = tree.path("fineTune").path("unlabeled");
    violations.addAll(augmentationViolations(unlabeled.path("augmentations"), "fineTune.unlabeled.augmentations"));
    DataKind kind = DataKind.of(tree.path("dataset"), dataset, texts);
    if (kind != null && kind.input() != Input.IMAGES && augmentations.size() > 0) {
      violations.add(new Violation("fineTune.augmentations", "dataset '" + kind.name() + "' is "
          + (kind.input() == Input.TEXT ? "text" : "not images")
          + " and these augmentations change images; remove them"));
    }
    if (kind != null && kind.input() != Input.IMAGES && unlabeled.isObject()) {
      violations.add(new Violation("fineTune.unlabeled", "pseudo-labelling learns from augmented views of images "
          + "and dataset '" + kind.name() + "' has none; remove fineTune.unlabeled"));
    }
    if (kind != null && kind.regression()) {
      violations.addAll(regressionViolations(tree, kind));
    }
    violations.addAll(modalityViolations(tree, kind));
    violations.addAll(objectiveViolations(tree.path("pretrain")));
    violations.addAll(contrastiveViolations(tree.path("pretrain"), kind));
    violations.addAll(metricViolations(tree.path("evaluate").path("metrics"), kind));
    return violations;
  }

  /** Each augmentation at {@code field} must be installed. */
  private List<Violation> augmentationViolations(JsonNode augmentations, String field) {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < augmentations.size(); i++) {
      JsonNode name = augmentations.get(i).path("name");
      if (name.isTextual()) {
        try {
          plugins.get(Augmentation.KIND, name.asText(), field + "[" + i + "].name");
        } catch (UnknownPluginException e) {
          violations.add(violation(e));
        }
      }
    }
    return violations;
  }

  /** Each metric must be installed and score the dataset's kind of task. */
  private List<Violation> metricViolations(JsonNode metrics, DataKind dataset) {
    List<Violation> violations = new ArrayList<>();
    boolean regression = dataset != null && dataset.regression();
    for (int i = 0; i < metrics.size(); i++) {
      String field = "evaluate.metrics[" + i + "]";
      if (!metrics.get(i).isTextual()) {
        continue;
      }
      try {
        Metric metric = plugins.get(Metric.KIND, metrics.get(i).asText(), field);
        if (metric.regression() != regression) {
          List<String> fitting = plugins.all(Metric.KIND).values().stream()
              .filter(m -> m.regression() == regression).map(Metric::name).toList();
          violations.add(new Violation(field, metric.name() + " scores " + (metric.regression() ? "regressions"
              : "classifiers") + " and this dataset is " + (regression ? "a regression" : "a classification")
              + "; use one of " + String.join(", ", fitting)));
        }
      } catch (UnknownPluginException e) {
        violations.add(violation(e));
      }
    }
    return violations;
  }

  /** The objective must be installed and pretrain on what the architecture reads. */
  private List<Violation> objectiveViolations(JsonNode pretrain) {
    JsonNode named = pretrain.path("objective");
    EncoderArchitecture architecture = plugins.all(EncoderArchitecture.KIND).get(pretrain.path("architecture")
        .asText(PretrainSpec.defaultArchitecture(pretrain.has("from"))));
    if (!named.isTextual()) {
      return List.of();
    }
    try {
      PretrainingObjective objective = plugins.get(PretrainingObjective.KIND, named.asText(), "pretrain.objective");
      if (architecture == null || architecture.inputs().stream().anyMatch(objective.inputs()::contains)) {
        return List.of();
      }
      List<String> fitting = plugins.all(PretrainingObjective.KIND).values().stream()
          .filter(o -> architecture.inputs().stream().anyMatch(o.inputs()::contains))
          .map(PretrainingObjective::name).toList();
      return List.of(new Violation("pretrain.objective", objective.name() + " pretrains on "
          + String.join(" or ", objective.inputs().stream().sorted().map(SpecParser::noun).toList()) + " and "
          + architecture.name() + " reads " + String.join(" or ", architecture.inputs().stream().sorted()
              .map(SpecParser::noun).toList()) + "; use " + String.join(", ", fitting)));
    } catch (UnknownPluginException e) {
      return List.of(violation(e));
    }
  }

  /**
   * Views for contrastive pretraining are drawn with installed augmentations, from images; the contrastive fields mean
   * nothing to another objective, so they are refused there rather than ignored.
   */
  private List<Violation> contrastiveViolations(JsonNode pretrain, DataKind dataset) {
    List<Violation> violations = new ArrayList<>();
    JsonNode augmentations = pretrain.path("augmentations");
    for (int i = 0; i < augmentations.size(); i++) {
      JsonNode name = augmentations.get(i).path("name");
      if (name.isTextual()) {
        try {
          plugins.get(Augmentation.KIND, name.asText(), "pretrain.augmentations[" + i + "].name");
        } catch (UnknownPluginException e) {
          violations.add(violation(e));
        }
      }
    }
    boolean contrastive = PretrainSpec.CONTRASTIVE.equals(pretrain.path("objective").asText());
    for (String field : List.of("augmentations", "temperature")) {
      if (pretrain.has(field) && !contrastive) {
        violations.add(new Violation("pretrain." + field, "only the contrastive objective uses it; set "
            + "pretrain.objective: contrastive or remove it"));
      }
    }
    if (contrastive && pretrain.has("augmentations") && augmentations.isEmpty()) {
      violations.add(new Violation("pretrain.augmentations", "two views drawn without augmentations are the same "
          + "image and teach nothing; name at least one, or leave the field out for SimCLR's"));
    }
    if (contrastive && dataset != null && dataset.input() != Input.IMAGES) {
      violations.add(new Violation("pretrain.objective", "contrastive pretrains on images and dataset '"
          + dataset.name() + "' is " + (dataset.input() == Input.TEXT ? "text" : "a table")
          + "; use denoising-autoencoder"));
    }
    return violations;
  }

  /** The architecture must be installed and read what the dataset holds; augmentations change images only. */
  private List<Violation> modalityViolations(JsonNode tree, DataKind dataset) {
    List<Violation> violations = new ArrayList<>();
    EncoderArchitecture architecture;
    try {
      architecture = plugins.get(EncoderArchitecture.KIND, tree.path("pretrain").path("architecture")
          .asText(PretrainSpec.defaultArchitecture(tree.path("pretrain").has("from"))), "pretrain.architecture");
    } catch (UnknownPluginException e) {
      violations.add(violation(e));
      return violations;
    }
    Input input = dataset == null ? null : dataset.input();
    if (input != null && !architecture.inputs().contains(input)) {
      List<String> fitting = plugins.all(EncoderArchitecture.KIND).values().stream()
          .filter(a -> a.inputs().contains(input)).map(EncoderArchitecture::name).toList();
      violations.add(new Violation("pretrain.architecture", architecture.name() + " reads " + String.join(" or ",
          architecture.inputs().stream().sorted().map(SpecParser::noun).toList()) + " and dataset '"
          + dataset.name() + "' is "
          + (input == Input.TABLES ? "a table" : noun(input)) + "; use " + String.join(", ", fitting)));
    }
    return violations;
  }

  private static String noun(Input input) {
    return input.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Freezing and LoRA globs must each match a layer of the classifier. */
  private static List<Violation> layerViolations(AdaptSpec adapt, EncoderLayers encoder) {
    List<Violation> violations = new ArrayList<>();
    for (String glob : adapt.unmatchedFreezeGlobs(encoder)) {
      violations.add(new Violation("adapt.freeze", "'" + glob + "' matches no layer; the layers are "
          + String.join(", ", adapt.layerNames(encoder))));
    }
    for (String glob : adapt.unmatchedLoraGlobs(encoder)) {
      violations.add(new Violation("adapt.lora.layers", "'" + glob + "' matches no linear layer; the linear layers "
          + "are " + String.join(", ", adapt.linearLayers(encoder))));
    }
    return violations;
  }

  /** The transformer's fields go with the transformer, and continued pretraining with its baseline. */
  private static List<Violation> transformerViolations(PipelineSpec spec) {
    PretrainSpec pretrain = spec.pretrain();
    List<Violation> violations = new ArrayList<>();
    if (!pretrain.usesTransformer()) {
      if (pretrain.corpus() != null) {
        violations.add(new Violation("pretrain.corpus", "only a transformer is pretrained on a text corpus; set "
            + "pretrain.architecture: transformer or remove the corpus"));
      }
      if (pretrain.transformer() != null) {
        violations.add(new Violation("pretrain.transformer", "applies to pretrain.architecture: transformer only"));
      }
      if (spec.adapt().continuedPretraining() != null) {
        violations.add(new Violation("adapt.continuedPretraining", "continues a language model's pretraining; it "
            + "needs pretrain.architecture: transformer"));
      }
    } else if (pretrain.latentUnits() % pretrain.transformer().heads() != 0) {
      violations.add(new Violation("pretrain.latentUnits", "the transformer's hidden width " + pretrain.latentUnits()
          + " must divide into pretrain.transformer.heads (" + pretrain.transformer().heads() + ") equal heads"));
    }
    if (spec.evaluate().baselines().contains(EvaluateSpec.GENERAL_PRETRAINED)
        && spec.adapt().continuedPretraining() == null) {
      violations.add(new Violation("evaluate.baselines", "general-pretrained compares against continued pretraining"
          + "; set adapt.continuedPretraining or remove the baseline"));
    }
    if (spec.evaluate().baselines().contains(EvaluateSpec.LABELED_ONLY) && spec.fineTune().unlabeled() == null) {
      violations.add(new Violation("evaluate.baselines", "labeled-only compares against fine-tuning with unlabeled "
          + "images; set fineTune.unlabeled or remove the baseline"));
    }
    return violations;
  }

  /** Accuracy, which a spec may watch or rank by, does not exist for a continuous target. */
  private static List<Violation> regressionViolations(JsonNode tree, DataKind dataset) {
    List<Violation> violations = new ArrayList<>();
    String noAccuracy = "dataset '" + dataset.name() + "' is a regression (a continuous target) and has no accuracy";
    if ("validationAccuracy".equals(tree.path("fineTune").path("monitor").asText())) {
      violations.add(new Violation("fineTune.monitor", noAccuracy
          + "; use validationLoss (the validation mean squared error), the default for a regression dataset"));
    }
    JsonNode sweep = tree.path("sweep");
    if (sweep.isObject() && "validationAccuracy".equals(sweep.path("metric").asText("validationAccuracy"))) {
      violations.add(new Violation("sweep.metric", noAccuracy + (sweep.has("metric") ? "" : " to rank trials by (the "
          + "default metric)") + "; set metric: validationLoss (the validation mean squared error) and mode: min"));
    }
    return violations;
  }

  /**
   * A regression's fine-tuning watches the validation loss, its mean squared error, where the spec names no monitor
   * (the accuracy that classification watches by default does not exist for it).
   */
  private void applyRegressionDefaults(JsonNode tree) {
    DatasetReader dataset = plugins.all(DatasetReader.KIND).get(tree.path("dataset").path("name").asText());
    boolean uriRegression = DatasetSpec.REGRESSION.equals(tree.path("dataset").path("task").asText());
    if ((dataset == null || !dataset.regression()) && !uriRegression) {
      return;
    }
    ObjectNode fineTune = tree.path("fineTune") instanceof ObjectNode given
        ? given : ((ObjectNode) tree).putObject("fineTune");
    if (!fineTune.has("monitor")) {
      fineTune.put("monitor", "validationLoss");
    }
  }

  /** What a spec's dataset holds, from its reader plugin or, for a URI, from its format and columns. */
  private record DataKind(String name, Input input, boolean regression) {

    static DataKind of(JsonNode spec, DatasetReader dataset, TextDatasetReader texts) {
      if (spec.path("uri").isTextual()) {
        String format = spec.path("format").asText(DatasetSpec.formatOf(spec.path("uri").asText()));
        Input input = spec.has("text") ? Input.TEXT
            : DatasetSpec.IMAGEFOLDER.equals(format) || DatasetSpec.IDX.equals(format) ? Input.IMAGES : Input.TABLES;
        return new DataKind(spec.path("uri").asText(), input,
            DatasetSpec.REGRESSION.equals(spec.path("task").asText()));
      }
      if (texts != null) {
        return new DataKind(texts.name(), Input.TEXT, false);
      }
      return dataset == null ? null
          : new DataKind(dataset.name(), dataset.images() ? Input.IMAGES : Input.TABLES, dataset.regression());
    }
  }

  private static Violation violation(UnknownPluginException e) {
    return new Violation(e.field(), e.problem());
  }

  private List<Violation> crossFieldViolations(PipelineSpec spec) {
    List<Violation> violations = new ArrayList<>();
    EncoderArchitecture architecture = plugins.all(EncoderArchitecture.KIND).get(spec.pretrain().architecture());
    if (architecture != null && !spec.pretrain().importsCheckpoint()) {
      violations.addAll(layerViolations(spec.adapt(), architecture.layers(spec.pretrain().encoder())));
    }
    violations.addAll(CheckpointImportRules.violations(spec));
    if (spec.adapt().lora() != null && spec.adapt().freezeEncoder()) {
      violations.add(new Violation("adapt.lora", "freezeEncoder already keeps every encoder layer fixed, adapters "
          + "included; use one or the other"));
    }
    violations.addAll(transformerViolations(spec));
    PrepSpec prep = spec.prep();
    if (prep.validationFraction() + prep.testFraction() > 0.9) {
      violations.add(new Violation("prep.testFraction",
          "validationFraction + testFraction must leave at least 10% for training"));
    }
    if (spec.hasSweep() && spec.resources() != null) {
      for (String stage : List.of("adapt", "fineTune")) {
        if (spec.resources().taskQueue(stage) != null) {
          violations.add(new Violation("resources." + stage + ".taskQueue", "a sweep's trials adapt and fine-tune on "
              + "the default training queue; remove resources." + stage + " or the sweep"));
        }
      }
    }
    if (spec.hasSweep()) {
      violations.addAll(spec.sweep().violations(spec.fineTune()));
      long trials = spec.sweep().trialLimit();
      if ("grid".equals(spec.sweep().method()) && trials > MAX_SWEEP_TRIALS) {
        violations.add(new Violation("sweep.parameters",
            "the grid has " + trials + " trials; at most " + MAX_SWEEP_TRIALS + " are allowed"));
      }
    }
    return violations;
  }
}
