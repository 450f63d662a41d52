package ai.pretrain.report;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.stage.CodeVersion;
import ai.pretrain.storage.ArtifactNotFoundException;
import ai.pretrain.storage.ArtifactStore;
import ai.pretrain.storage.Lineage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The report of one run as a single HTML page: the run, its stages, the training curves, the evaluation (comparison
 * table, ROC curves, confusion matrix), the sweep's leaderboard and the lineage of every artifact. Charts are PNGs
 * embedded as data URIs and the CSS is inline, so the page works offline and can be mailed as one file.
 */
final class RunReport {

  /** The page and the charts drawn for it. */
  record Rendered(String html, List<Chart> charts) {}

  /** The model the pipeline produced; the others in the comparison are baselines. */
  static final String PIPELINE_MODEL = "pretrained";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int SHA_PREFIX = 12;
  private static final int METRICS_SHOWN = 8;

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d2330;
      background:#f5f6f8}
      main{max-width:1200px;margin:0 auto;padding:24px 32px 48px;background:#fff}
      h1{margin:0 0 4px;font-size:26px}h2{margin:36px 0 12px;padding-bottom:4px;border-bottom:2px solid #e3e6ea;
      font-size:20px}h3{font-size:16px;margin:20px 0 8px}
      nav{margin:12px 0 8px;font-size:14px}nav a{margin-right:14px;color:#0b5cad;text-decoration:none}
      div.table{overflow-x:auto;margin:8px 0 16px}table{border-collapse:collapse;font-size:13px}
      th,td{border:1px solid #dfe2e6;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f0f2f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
      tr:nth-child(even) td{background:#fafbfc}
      .mono{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
      .muted{color:#6a7280}.note{color:#8a5a00}
      .charts{display:flex;flex-wrap:wrap;gap:12px}
      figure.chart{margin:0 0 12px;border:1px solid #e3e6ea;padding:4px;max-width:100%}
      figure.chart img{display:block;max-width:100%;height:auto}
      pre{background:#f5f6f8;padding:8px;overflow:auto;font-size:12px}
      dl.run{display:grid;grid-template-columns:max-content auto;gap:2px 16px;font-size:14px}
      dl.run dt{color:#6a7280}dl.run dd{margin:0}
      """;

  private final ArtifactStore store;
  private final List<Chart> charts = new ArrayList<>();

  RunReport(ArtifactStore store) {
    this.store = store;
  }

  Rendered render(RunContext run, Map<String, StageResult> stages) {
    Map<String, StageResult> ordered = inOrder(stages);
    HtmlPage body = new HtmlPage();
    header(body, run);
    stageTable(body, stages);
    datasetCard(body, ordered.get(Stages.PREPARE_DATA));
    trainingCurves(body, ordered);
    evaluation(body, ordered.get(Stages.EVALUATE));
    sweep(body, ordered.get(Stages.SWEEP));
    lineage(body, ordered);
    HtmlPage page = new HtmlPage()
        .raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
        .raw("<title>").text("Run report: " + run.pipelineName() + " (" + run.runId() + ")").raw("</title>\n")
        .raw("<style>\n" + STYLE + "</style>\n</head>\n<body>\n<main>\n")
        .raw(body.toString())
        .raw("</main>\n</body>\n</html>\n");
    return new Rendered(page.toString(), List.copyOf(charts));
  }

  private static void header(HtmlPage page, RunContext run) {
    page.element("h1", null, "Run report: " + run.pipelineName());
    page.raw("<dl class=\"run\">")
        .raw("<dt>run id</dt><dd class=\"mono\">").text(run.runId()).raw("</dd>")
        .raw("<dt>pipeline</dt><dd>").text(run.pipelineName()).raw("</dd>")
        .raw("<dt>seed</dt><dd class=\"mono\">").text(String.valueOf(run.seed())).raw("</dd>")
        .raw("<dt>report code version</dt><dd class=\"mono\">").text(CodeVersion.current()).raw("</dd>")
        .raw("</dl>\n");
    page.raw("<nav><a href=\"#stages\">Stages</a><a href=\"#training\">Training curves</a>"
        + "<a href=\"#dataset\">Dataset</a><a href=\"#evaluation\">Evaluation</a><a href=\"#sweep\">Sweep</a>"
        + "<a href=\"#lineage\">Lineage</a></nav>\n");
  }

  private static void stageTable(HtmlPage page, Map<String, StageResult> stages) {
    page.heading(2, "stages", "Stages");
    List<List<String>> rows = new ArrayList<>();
    for (String name : stageNames(stages)) {
      StageResult result = stages.get(name);
      if (result == null) {
        rows.add(List.of(name, "not run", "", "", ""));
        continue;
      }
      rows.add(List.of(name, "completed", result.cacheHit() ? "yes" : "no",
          result.cacheKey() == null ? "" : prefix(result.cacheKey()), keyMetrics(result.metrics())));
    }
    page.table(List.of("stage", "state", "cache hit", "cache key", "key metrics"), rows);
  }

  /** Data by URI: what data prep read (the dataset card); built-in datasets have none. */
  private void datasetCard(HtmlPage page, StageResult data) {
    Optional<ArtifactRef> ref = data == null ? Optional.empty() : optionalArtifact(data, Artifacts.DATASET_CARD);
    if (ref.isEmpty()) {
      return;
    }
    page.heading(2, "dataset", "Dataset");
    readJson(page, "the dataset card", ref.get()).ifPresent(card -> {
      List<List<String>> sources = new ArrayList<>();
      card.path("sources").forEach(s -> sources.add(List.of(s.path("uri").asText(), s.path("etag").asText(),
          s.path("size").asText(), s.path("versionId").asText(""))));
      page.paragraph(null, card.path("recordsRead").asText() + " records read from " + card.path("uri").asText()
          + " (" + card.path("format").asText() + "), " + card.path("recordsSkipped").asText() + " skipped"
          + (card.has("testUri") ? "; fixed test set " + card.path("testUri").asText() : ""));
      page.table(List.of("source", "ETag", "bytes", "version"), sources.subList(0, Math.min(20, sources.size())));
      List<List<String>> skipped = new ArrayList<>();
      card.path("skipped").forEach(reason -> skipped.add(List.of(reason.asText())));
      if (!skipped.isEmpty()) {
        page.table(List.of("skipped record"), skipped);
      }
      List<List<String>> classes = new ArrayList<>();
      card.path("classes").fields().forEachRemaining(c -> classes.add(List.of(c.getKey(), c.getValue().asText())));
      if (!classes.isEmpty()) {
        page.table(List.of("class", "examples"), classes);
      }
      List<List<String>> features = new ArrayList<>();
      card.path("features").forEach(f -> features.add(List.of(f.path("name").asText(), f.path("kind").asText(),
          number(f.get("mean")), number(f.get("std")), number(f.get("min")), number(f.get("max")),
          f.path("missing").asText(), categories(f.path("categories")))));
      page.table(List.of("feature", "kind", "mean", "std", "min", "max", "missing", "categories"), features);
    });
  }

  private static String categories(JsonNode values) {
    List<String> names = new ArrayList<>();
    values.forEach(v -> names.add(v.asText()));
    return String.join(", ", names);
  }

  private void trainingCurves(HtmlPage page, Map<String, StageResult> stages) {
    page.heading(2, "training", "Training curves");
    Set<String> drawn = new HashSet<>();
    page.raw("<div class=\"charts\">\n");
    for (Map.Entry<String, StageResult> stage : stages.entrySet()) {
      ArtifactRef history = stage.getValue().artifacts().get(Artifacts.HISTORY);
      // The sweep stage carries its best trial's history, which is the fine-tune stage's: draw it once.
      if (history == null || !drawn.add(history.sha256())) {
        continue;
      }
      Optional<JsonNode> epochs = readJson(page, stage.getKey() + " history", history);
      epochs.flatMap(e -> ReportCharts.trainingCurves(artifactName(stage.getKey()) + "-history", stage.getKey(), e))
          .ifPresent(c -> figure(page, c));
    }
    page.raw("</div>\n");
    if (drawn.isEmpty()) {
      page.paragraph("muted", "No stage recorded a training history.");
    }
  }

  private void evaluation(HtmlPage page, StageResult evaluate) {
    page.heading(2, "evaluation", "Evaluation on the test split");
    if (evaluate == null) {
      page.paragraph("muted", "The evaluate stage has not run.");
      return;
    }
    Optional<JsonNode> comparison = optionalArtifact(evaluate, Artifacts.COMPARISON_JSON)
        .flatMap(ref -> readJson(page, "comparison-json", ref)).map(j -> j.path("models"));
    Optional<JsonNode> roc = optionalArtifact(evaluate, Artifacts.ROC_JSON)
        .flatMap(ref -> readJson(page, "roc-json", ref)).map(j -> j.path("models"));
    String pipelineModel = comparison.map(RunReport::pipelineModel).orElse(PIPELINE_MODEL);

    comparison.ifPresent(models -> comparisonTable(page, models, pipelineModel));
    if (!evaluate.artifacts().containsKey(Artifacts.COMPARISON_JSON)) {
      page.paragraph("muted", "The evaluate stage stored no comparison table (comparison-json).");
    }
    // A regression has no classes, so no ROC curves to miss.
    boolean regression = evaluate.metrics().keySet().stream().anyMatch(metric -> metric.endsWith(".r2"));
    if (!evaluate.artifacts().containsKey(Artifacts.ROC_JSON) && !regression) {
      page.paragraph("muted", "The evaluate stage stored no ROC curves (roc-json).");
    }
    page.raw("<div class=\"charts\">\n");
    roc.ifPresent(models -> {
      Map<String, double[][]> macro = new LinkedHashMap<>();
      Map<String, Double> auc = new LinkedHashMap<>();
      models.fields().forEachRemaining(model -> {
        macro.put(model.getKey(), MacroAverageRoc.ofModel(model.getValue()));
        if (model.getValue().path("aucMacro").isNumber()) {
          auc.put(model.getKey(), model.getValue().path("aucMacro").asDouble());
        }
      });
      ReportCharts.macroRoc("roc-macro", "Macro-average ROC (one-vs-rest) per model", macro, auc)
          .ifPresent(c -> figure(page, c));
      List<String> names = new ArrayList<>();
      models.fieldNames().forEachRemaining(names::add);
      // The pipeline's model first: it is the one the run is about.
      names.sort((a, b) -> Boolean.compare(!a.equals(pipelineModel), !b.equals(pipelineModel)));
      for (String model : names) {
        ReportCharts.rocPerClass("roc-" + artifactName(model), "ROC per class (one-vs-rest): " + model,
            models.path(model).path("classes")).ifPresent(c -> figure(page, c));
      }
    });
    // Every compared model's matrix, the pipeline's first, so their errors can be compared class by class.
    comparison.ifPresent(models -> {
      List<String> names = new ArrayList<>();
      models.fieldNames().forEachRemaining(names::add);
      names.sort((a, b) -> Boolean.compare(!a.equals(pipelineModel), !b.equals(pipelineModel)));
      for (String model : names) {
        JsonNode matrix = models.path(model).path("confusion");
        if (matrix.isArray()) {
          ReportCharts.confusion("confusion-" + artifactName(model),
              "Confusion matrix: " + model + " (rows true, columns predicted)", matrix).ifPresent(c -> figure(page, c));
        }
      }
    });
    page.raw("</div>\n");
    comparison.ifPresent(models -> perClassTable(page, models.path(pipelineModel), pipelineModel));
    optionalArtifact(evaluate, Artifacts.COMPARISON_MD).flatMap(ref -> readText(page, "comparison-md", ref))
        .ifPresent(md -> page.details("comparison.md (as stored)", md));
    optionalArtifact(evaluate, Artifacts.MODEL_CARD).flatMap(ref -> readJson(page, "model-card", ref))
        .ifPresent(card -> page.details("model card (model-card.json)", pretty(card)));
  }

  private static void comparisonTable(HtmlPage page, JsonNode models, String pipelineModel) {
    page.heading(3, "comparison", "Comparison: " + pipelineModel + " against the baselines");
    Set<String> metrics = new LinkedHashSet<>();
    models.forEach(m -> m.fields().forEachRemaining(f -> {
      if (f.getValue().isNumber() || f.getValue().isNull()) {
        metrics.add(f.getKey());
      }
    }));
    // Metrics down, models across: three models fit the page where twelve metric columns would not.
    List<String> header = new ArrayList<>();
    header.add("metric");
    models.fieldNames().forEachRemaining(header::add);
    List<List<String>> rows = new ArrayList<>();
    for (String metric : metrics) {
      List<String> row = new ArrayList<>();
      row.add(metric);
      models.forEach(model -> row.add(number(model.get(metric))));
      rows.add(row);
    }
    page.table(header, rows);
  }

  private static void perClassTable(HtmlPage page, JsonNode model, String name) {
    JsonNode perClass = model.path("perClass");
    if (!perClass.isArray() || perClass.isEmpty()) {
      return;
    }
    page.heading(3, "per-class", "Per class: " + name);
    List<String> header = new ArrayList<>();
    perClass.get(0).fieldNames().forEachRemaining(header::add);
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : perClass) {
      rows.add(header.stream().map(h -> row.get(h) != null && row.get(h).isTextual() ? row.get(h).asText()
          : number(row.get(h))).toList());
    }
    page.table(header, rows);
  }

  private void sweep(HtmlPage page, StageResult sweep) {
    page.heading(2, "sweep", "Sweep");
    if (sweep == null) {
      page.paragraph("muted", "This run had no sweep.");
      return;
    }
    List<Map.Entry<String, ArtifactRef>> tables = sweep.artifacts().entrySet().stream()
        .filter(a -> a.getKey().toLowerCase(Locale.ROOT).endsWith("csv")
            || a.getValue().uri().toLowerCase(Locale.ROOT).endsWith(".csv"))
        .toList();
    if (tables.isEmpty()) {
      page.paragraph("muted", "The sweep stage stored no results table; its metrics are in the stage table.");
      return;
    }
    for (Map.Entry<String, ArtifactRef> artifact : tables) {
      Optional<CsvTable> table = readText(page, artifact.getKey(), artifact.getValue()).map(CsvTable::parse);
      if (table.isEmpty()) {
        continue;
      }
      page.heading(3, "leaderboard-" + artifactName(artifact.getKey()), "Leaderboard (" + artifact.getKey() + ")");
      page.table(table.get().header(), table.get().rows());
      SweepPlots.of(table.get(), sweep.metrics().keySet(), artifactName(artifact.getKey())).forEach(c -> {
        page.raw("<div class=\"charts\">\n");
        figure(page, c);
        page.raw("</div>\n");
      });
    }
  }

  private void lineage(HtmlPage page, Map<String, StageResult> stages) {
    page.heading(2, "lineage", "Lineage of every artifact");
    List<List<String>> rows = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (Map.Entry<String, StageResult> stage : stages.entrySet()) {
      for (Map.Entry<String, ArtifactRef> artifact : stage.getValue().artifacts().entrySet()) {
        ArtifactRef ref = artifact.getValue();
        if (!listed.add(stage.getKey() + "\n" + ref.uri())) {
          continue;
        }
        Lineage lineage = lineageOf(ref);
        List<String> inputs = lineage == null || lineage.inputs() == null ? List.of()
            : lineage.inputs().stream().map(i -> prefix(i.sha256())).toList();
        rows.add(List.of(stage.getKey(), artifact.getKey(), ref.kind() == null ? "" : ref.kind(),
            String.valueOf(ref.sizeBytes()), prefix(ref.sha256()),
            lineage == null ? "no lineage manifest" : lineage.stage() + " in " + lineage.runId(),
            inputs.isEmpty() ? (lineage == null ? "" : "none") : String.join(" ", inputs),
            lineage == null || lineage.codeVersion() == null ? "" : lineage.codeVersion()));
      }
    }
    page.paragraph("muted", "Producing stage and run, the sha256 (first " + SHA_PREFIX
        + " hex digits) of each input it read, and the version of the code that wrote it. A stage reused from the"
        + " cache names the run that first produced it.");
    page.table(List.of("stage", "artifact", "kind", "bytes", "sha256", "produced by", "inputs (sha256)",
        "code version"), rows);
  }

  private Lineage lineageOf(ArtifactRef ref) {
    try {
      return store.lineage(ref);
    } catch (ArtifactNotFoundException | UncheckedIOException e) {
      return null;
    }
  }

  private void figure(HtmlPage page, Chart chart) {
    charts.add(chart);
    page.figure(chart);
  }

  private Optional<JsonNode> readJson(HtmlPage page, String what, ArtifactRef ref) {
    return readText(page, what, ref).flatMap(text -> {
      try {
        return Optional.of(JSON.readTree(text));
      } catch (JsonProcessingException e) {
        page.paragraph("note", what + " is not valid JSON: " + e.getOriginalMessage());
        return Optional.empty();
      }
    });
  }

  /** The artifact's text; a missing one is noted on the page instead of failing the report. */
  private Optional<String> readText(HtmlPage page, String what, ArtifactRef ref) {
    try (InputStream in = store.open(ref)) {
      // Read to the end: the store checks the sha256 there.
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (ArtifactNotFoundException e) {
      page.paragraph("note", what + " is missing from the store: " + ref.uri());
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + ref.uri(), e);
    }
  }

  private static String pipelineModel(JsonNode models) {
    if (models.has(PIPELINE_MODEL) || !models.fieldNames().hasNext()) {
      return PIPELINE_MODEL;
    }
    return models.fieldNames().next();
  }

  private static Optional<ArtifactRef> optionalArtifact(StageResult stage, String name) {
    return Optional.ofNullable(stage.artifacts().get(name));
  }

  /** The pipeline's stages in run order, then any others (a baseline's fine-tune) in the order given. */
  private static Map<String, StageResult> inOrder(Map<String, StageResult> stages) {
    Map<String, StageResult> ordered = new LinkedHashMap<>();
    for (String name : stageNames(stages)) {
      if (stages.get(name) != null) {
        ordered.put(name, stages.get(name));
      }
    }
    return ordered;
  }

  private static List<String> stageNames(Map<String, StageResult> stages) {
    List<String> names = new ArrayList<>(Stages.IN_ORDER);
    stages.keySet().stream().filter(k -> !names.contains(k)).forEach(names::add);
    return names;
  }

  private static String keyMetrics(Map<String, Double> metrics) {
    List<Map.Entry<String, Double>> shown = new ArrayList<>(metrics.entrySet());
    shown.sort(Map.Entry.comparingByKey());
    if (shown.size() > METRICS_SHOWN) {
      // Many metrics (one set per model after evaluation): keep the headline ones.
      shown.removeIf(m -> !m.getKey().matches("(?i).*(accuracy|\\.f1|aucmacro|loss)$"));
    }
    return String.join(", ", shown.stream().map(m -> m.getKey() + " = " + HtmlPage.number(m.getValue())).toList());
  }

  private static String number(JsonNode value) {
    return value == null || !value.isNumber() ? "—" : HtmlPage.number(value.asDouble());
  }

  private static String pretty(JsonNode json) {
    try {
      return JSON.writeValueAsString(json);
    } catch (IOException e) {
      return json.toString();
    }
  }

  private static String prefix(String sha256) {
    return sha256 == null ? "" : sha256.substring(0, Math.min(SHA_PREFIX, sha256.length()));
  }

  /** A name safe in an artifact name and an HTML id. */
  static String artifactName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "-");
  }
}
