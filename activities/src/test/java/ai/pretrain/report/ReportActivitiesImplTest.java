package ai.pretrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.evaluation.ClassifierEvaluation;
import ai.pretrain.evaluation.ComparisonTable;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.stage.CodeVersion;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportActivitiesImplTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RunContext RUN = new RunContext("run-report-1a2b3c4d", "digits <script>alert('x')</script>", 42);
  private static final int CLASSES = 3;

  @TempDir Path root;

  private LocalArtifactStore store;
  private StageRunner runner;
  private ReportActivitiesImpl reports;

  @BeforeEach
  void setUp() {
    store = new LocalArtifactStore(root);
    runner = new StageRunner(store);
    reports = new ReportActivitiesImpl(runner);
  }

  @Test
  void reportIsOneWellFormedPageWithEveryChartEmbeddedAsADrawnPng() throws Exception {
    StageResult report = reports.writeReport(RUN, wholeRun());

    String html = read(report.artifact("report-html"));
    // Kept in the build directory for a look in a browser.
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "report-test.html"), html);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    Document page = parse(html);
    assertEquals("html", page.getDocumentElement().getTagName());
    assertEquals(1, page.getElementsByTagName("head").getLength());
    assertEquals(1, page.getElementsByTagName("body").getLength());
    assertEquals(0, page.getElementsByTagName("script").getLength(), "no scripts: the page works offline as it is");
    assertFalse(html.contains("http://") || html.contains("https://"), "nothing is fetched from elsewhere");

    NodeList images = page.getElementsByTagName("img");
    Set<String> charts = new HashSet<>();
    Map<String, String> titles = new HashMap<>();
    for (int i = 0; i < images.getLength(); i++) {
      Element img = (Element) images.item(i);
      String name = img.getAttribute("data-chart");
      charts.add(name);
      titles.put(name, img.getAttribute("alt"));
      String src = img.getAttribute("src");
      assertTrue(src.startsWith("data:image/png;base64,"), name);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(
          Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()))));
      assertNotNull(image, name + " decodes as an image");
      assertEquals(Integer.parseInt(img.getAttribute("width")), image.getWidth(), name);
      assertEquals(Integer.parseInt(img.getAttribute("height")), image.getHeight(), name);
      assertTrue(colours(image) > 8, name + " is drawn, not one flat colour: " + colours(image) + " colours");
    }
    assertEquals(Set.of("pretrain-history", "fineTune-history", "fineTune.scratch-history", "roc-macro",
        "roc-pretrained", "roc-scratch", "roc-linear-probe", "confusion-pretrained", "confusion-scratch",
        "confusion-linear-probe", "results-csv-by-trial", "results-csv-by-epochs"), charts);
    assertEquals(charts.size(), report.metrics().get("charts"));
    // pretraining has no labels, so its chart shows losses only and its title says so
    assertEquals("pretrain: loss per epoch", titles.get("pretrain-history"));
    assertEquals("fineTune: loss and validation accuracy per epoch", titles.get("fineTune-history"));
  }

  @Test
  void everyChartIsAlsoItsOwnArtifactAndASecondReportComesFromTheCache() throws Exception {
    Map<String, StageResult> run = wholeRun();
    StageResult first = reports.writeReport(RUN, run);

    assertEquals(Stages.REPORT, first.stage());
    assertFalse(first.cacheHit());
    long pngs = first.artifacts().keySet().stream().filter(k -> k.startsWith("chart-")).count();
    assertEquals(12, pngs);
    try (InputStream in = store.open(first.artifact("chart-confusion-pretrained"))) {
      assertEquals(ReportCharts.HALF, ImageIO.read(in).getWidth());
    }
    StageResult again = reports.writeReport(RUN, run);
    assertTrue(again.cacheHit());
    assertEquals(first.artifact("report-html"), again.artifact("report-html"));
  }

  @Test
  void textFromSpecsAndArtifactsIsEscaped() throws Exception {
    String html = read(reports.writeReport(RUN, wholeRun()).artifact("report-html"));

    assertFalse(html.contains("<script>"));
    assertTrue(html.contains("digits &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    // A sweep trial's message from the results table, quoted in the CSV because it holds a comma.
    assertTrue(html.contains("stopped by &lt;asha&gt;, rung 1"));
    assertFalse(html.contains("<asha>"));
  }

  @Test
  void lineageNamesEveryArtifactWithItsProducerInputsAndCodeVersion() throws Exception {
    Map<String, StageResult> run = wholeRun();
    Document page = parse(read(reports.writeReport(RUN, run).artifact("report-html")));

    Element lineage = (Element) sectionTable(page, "lineage");
    List<List<String>> rows = rows(lineage);
    int artifacts = run.values().stream().mapToInt(r -> r.artifacts().size()).sum();
    assertEquals(artifacts, rows.size());
    String testShard = run.get(Stages.PREPARE_DATA).artifact("test").sha256().substring(0, 12);
    for (List<String> row : rows) {
      StageResult stage = run.get(row.get(0));
      ArtifactRef ref = stage.artifact(row.get(1));
      assertEquals(ref.sha256().substring(0, 12), row.get(4));
      assertEquals(CodeVersion.current(), row.get(7));
      assertTrue(row.get(5).endsWith(" in " + RUN.runId()), row.toString());
      if (!row.get(0).equals(Stages.PREPARE_DATA)) {
        assertTrue(row.get(6).contains(testShard), "every later stage read the test shard: " + row);
      }
    }
  }

  @Test
  void aRunWithoutSweepOrEvaluationStillGetsAReport() throws Exception {
    Map<String, StageResult> run = wholeRun();
    run.keySet().retainAll(Set.of(Stages.PREPARE_DATA, Stages.PRETRAIN));

    StageResult report = reports.writeReport(RUN, run);

    String html = read(report.artifact("report-html"));
    parse(html);
    assertTrue(html.contains("This run had no sweep."));
    assertTrue(html.contains("The evaluate stage has not run."));
    assertEquals(1.0, report.metrics().get("charts"));
  }

  @Test
  void aMissingArtifactOrUnreadableHistoryIsNotedOnThePageInsteadOfFailingTheReport() throws Exception {
    Map<String, StageResult> run = wholeRun();
    ArtifactRef gone = new ArtifactRef(store.uriOf("stages/pretrain/gone/history.json"), "ab".repeat(32), 10, "metrics");
    run.put(Stages.PRETRAIN, new StageResult(Stages.PRETRAIN, Map.of("history", gone), Map.of(), false, "k"));
    StageResult fineTune = run.get(Stages.FINE_TUNE);
    ArtifactRef garbled = runner.run(RUN, Stages.FINE_TUNE, Map.of("garbled", true), List.of(), s -> s.complete(
        Map.of("history", s.upload("history.json", "{not json".getBytes(StandardCharsets.UTF_8), "metrics")),
        Map.of())).artifact("history");
    run.put(Stages.FINE_TUNE, new StageResult(Stages.FINE_TUNE, Map.of("model", fineTune.artifact("model"),
        "history", garbled), fineTune.metrics(), false, fineTune.cacheKey()));

    String html = read(reports.writeReport(RUN, run).artifact("report-html"));

    parse(html);
    assertTrue(html.contains("pretrain history is missing from the store"));
    assertTrue(html.contains("fineTune history is not valid JSON"));
    assertTrue(html.contains("no lineage manifest"));
  }

  // --- a small synthetic run, stored the way the stages store it ---

  private Map<String, StageResult> wholeRun() throws IOException {
    Map<String, StageResult> run = new LinkedHashMap<>();
    StageResult data = runner.run(RUN, Stages.PREPARE_DATA, Map.of("seed", 42), List.of(), s -> s.complete(
        Map.of("test", s.upload("test.ptds", new byte[] {1, 2, 3}, "dataset-shard")),
        Map.of("trainExamples", 800.0, "testExamples", 100.0, "labeledExamples", 8.0)));
    run.put(Stages.PREPARE_DATA, data);
    ArtifactRef test = data.artifact("test");
    run.put(Stages.PRETRAIN, trained(Stages.PRETRAIN, "pretrain", test, false, 1.0));
    run.put(Stages.SWEEP, runner.run(RUN, Stages.SWEEP, Map.of("grid", 2), List.of(test), s -> s.complete(
        Map.of("results-csv", s.upload("results.csv", SWEEP_CSV.getBytes(StandardCharsets.UTF_8), "table")),
        Map.of("bestTrial", 1.0, "validationAccuracy", 0.81, "trials", 3.0, "trialEpochs", 13.0))));
    run.put(Stages.FINE_TUNE, trained(Stages.FINE_TUNE, "pretrained", test, true, 0.6));
    run.put("fineTune.scratch", trained(Stages.FINE_TUNE, "scratch", test, true, 1.4));
    run.put(Stages.EVALUATE, runner.run(RUN, Stages.EVALUATE, Map.of("models", 3), List.of(test), s -> {
      Map<String, ClassifierEvaluation> models = new LinkedHashMap<>();
      models.put("pretrained", scored(0.8, 1));
      models.put("scratch", scored(0.5, 2));
      models.put("linear-probe", scored(0.65, 3));
      ComparisonTable table = new ComparisonTable(models);
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
      artifacts.put("comparison-json", s.upload("comparison.json", JSON.writeValueAsBytes(table.toReport()), "metrics"));
      artifacts.put("comparison-md", s.upload("comparison.md", table.toMarkdown().getBytes(StandardCharsets.UTF_8),
          "report"));
      artifacts.put("roc-json", s.upload("roc.json", JSON.writeValueAsBytes(table.toRocCurves()), "metrics"));
      artifacts.put("model-card", s.upload("model-card.json",
          JSON.writeValueAsBytes(Map.of("name", RUN.pipelineName(), "format", "safetensors")), "model-card"));
      return s.complete(artifacts, table.toMetrics());
    }));
    return run;
  }

  private static final String SWEEP_CSV = """
      rank,trial,state,fineTune.learningRate,epochs,validationAccuracy,validationAccuracyByRung,model,message
      1,1,COMPLETED,0.003,9,0.81,1:0.52;3:0.7;9:0.81,file:///m1,
      2,0,COMPLETED,0.001,3,0.64,1:0.41;3:0.64,file:///m0,
      3,2,STOPPED,0.01,1,0.3,1:0.3,file:///m2,"stopped by <asha>, rung 1"
      """;

  /** A training stage with five epochs of falling losses and (when labelled) rising accuracy, worse as scale grows. */
  private StageResult trained(String stage, String name, ArtifactRef input, boolean labelled, double scale) {
    return runner.run(RUN, stage, Map.of("model", name), List.of(input), s -> {
      List<Map<String, Object>> epochs = new ArrayList<>();
      for (int e = 0; e < 5; e++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", e + 1);
        row.put("trainLoss", scale / (e + 1));
        row.put("validationLoss", 1.1 * scale / (e + 1) + 0.05);
        row.put("validationAccuracy", labelled ? 0.9 - 0.1 * scale - 0.3 / (e + 1) : null);
        epochs.add(row);
      }
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
      artifacts.put("model", s.upload("model.params", name.getBytes(StandardCharsets.UTF_8), "model"));
      artifacts.put("history", s.upload("history.json", JSON.writeValueAsBytes(epochs), "metrics"));
      return s.complete(artifacts, labelled ? Map.of("validationAccuracy", 0.8) : Map.of("reconstructionLoss", 0.2));
    });
  }

  /** Scores of a classifier that puts {@code skill} of its probability on the true class, give or take noise. */
  private static ClassifierEvaluation scored(double skill, long seed) {
    Random random = new Random(seed);
    int n = 60;
    int[] labels = new int[n];
    double[][] probabilities = new double[n][CLASSES];
    for (int i = 0; i < n; i++) {
      labels[i] = i % CLASSES;
      double sum = 0;
      for (int c = 0; c < CLASSES; c++) {
        probabilities[i][c] = (c == labels[i] ? skill : (1 - skill) / 2) + random.nextDouble();
        sum += probabilities[i][c];
      }
      for (int c = 0; c < CLASSES; c++) {
        probabilities[i][c] /= sum;
      }
    }
    return ClassifierEvaluation.of(labels, probabilities);
  }

  private String read(ArtifactRef ref) throws IOException {
    try (InputStream in = store.open(ref)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Parses the page strictly as XML: unbalanced tags or stray ampersands fail here. */
  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  /** The first table after the heading with this id (tables sit in a scrolling div). */
  private static org.w3c.dom.Node sectionTable(Document page, String id) {
    NodeList tables = page.getElementsByTagName("table");
    for (int i = 0; i < tables.getLength(); i++) {
      org.w3c.dom.Node previous = tables.item(i).getParentNode().getPreviousSibling();
      while (previous != null && !(previous instanceof Element heading && heading.getTagName().startsWith("h"))) {
        previous = previous.getPreviousSibling();
      }
      if (previous instanceof Element heading && id.equals(heading.getAttribute("id"))) {
        return tables.item(i);
      }
    }
    throw new AssertionError("no table under #" + id);
  }

  private static List<List<String>> rows(Element table) {
    List<List<String>> rows = new ArrayList<>();
    NodeList trs = ((Element) table.getElementsByTagName("tbody").item(0)).getElementsByTagName("tr");
    for (int i = 0; i < trs.getLength(); i++) {
      NodeList tds = ((Element) trs.item(i)).getElementsByTagName("td");
      List<String> cells = new ArrayList<>();
      for (int c = 0; c < tds.getLength(); c++) {
        cells.add(tds.item(c).getTextContent());
      }
      rows.add(cells);
    }
    return rows;
  }

  private static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
