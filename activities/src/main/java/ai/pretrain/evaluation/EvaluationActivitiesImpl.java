package ai.pretrain.evaluation;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.artifact.StoreLayout;
import ai.pretrain.data.ShardSeries;
import ai.pretrain.data.TargetStandardization;
import ai.pretrain.data.TestExamples;
import ai.pretrain.export.Safetensors;
import ai.pretrain.huggingface.BertClassifier;
import ai.pretrain.huggingface.HuggingFaceExport;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.EvaluateSpec;
import ai.pretrain.stage.ActivityKeepAlive;
import ai.pretrain.stage.StageRun;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.training.ClassifierNetworks;
import ai.pretrain.training.TrainedClassifier;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores every model on the test split, read as a {@link ShardSeries} (block by block where its features exceed the
 * series' memory bound; every model's class probabilities or predictions are kept for the exact ROC curves and the
 * metric plugins, the features are not), writes the comparison table as JSON and Markdown (and for classification the
 * ROC curves as JSON), every test example's predictions as {@code predictions.csv}, and exports the pipeline's own
 * model as safetensors with a model card. A regression's predictions are scored in the target's own units.
 */
public class EvaluationActivitiesImpl implements EvaluationActivities {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The model the pipeline produced (the others are baselines); it is exported with a model card. */
  private static final String EXPORTED_MODEL = "pretrained";

  private final StageRunner stages;
  private final long inMemoryBytes;

  public EvaluationActivitiesImpl(StageRunner stages) {
    this(stages, ShardSeries.IN_MEMORY_BYTES);
  }

  /** Holding the test split whole only when its features fit {@code inMemoryBytes} (tests lower it). */
  EvaluationActivitiesImpl(StageRunner stages, long inMemoryBytes) {
    this.stages = stages;
    this.inMemoryBytes = inMemoryBytes;
  }

  @Override
  public StageResult evaluate(RunContext run, EncoderSpec architecture, AdaptSpec adapt, PreparedData data,
      Map<String, StageResult> models, List<String> metrics) {
    List<String> extra = metrics == null ? List.of() : metrics;
    List<ArtifactRef> inputs = new ArrayList<>();
    inputs.add(data.artifact(Artifacts.TEST));
    if (data.artifacts().containsKey(Artifacts.TEST_EXAMPLES)) {
      inputs.add(data.artifact(Artifacts.TEST_EXAMPLES));
    }
    models.values().forEach(m -> inputs.add(m.artifact(Artifacts.MODEL)));
    Map<String, Object> config = Map.of(
        "encoder", architecture, "adapt", adapt, "models", new ArrayList<>(models.keySet()), "metrics", extra);
    try (ActivityKeepAlive alive = ActivityKeepAlive.start()) {
      return stages.run(run, Stages.EVALUATE, config, inputs,
          stage -> compare(stage, run, architecture, adapt, data, models, extra, inMemoryBytes));
    }
  }

  private static StageResult compare(StageRun stage, RunContext run, EncoderSpec architecture, AdaptSpec adapt,
      PreparedData data, Map<String, StageResult> models, List<String> metrics, long inMemoryBytes)
      throws IOException {
    ShardSeries test = ShardSeries.download(stage, "test", List.of(data.artifact(Artifacts.TEST)), inMemoryBytes);
    TargetStandardization target =
        test.isRegression() ? TargetStandardization.fromMetrics(data.metrics()) : null;
    int[] labels = test.isRegression() ? null : new int[test.size()];
    double[] targets = test.isRegression() ? new double[test.size()] : null;
    for (int i = 0; i < test.size(); i++) {
      if (test.isRegression()) {
        targets[i] = target.toOriginal(test.target(i));
      } else {
        labels[i] = test.label(i);
      }
    }
    Map<String, ClassifierEvaluation> scores = new LinkedHashMap<>();
    Map<String, RegressionMetrics> regressionScores = new LinkedHashMap<>();
    Map<String, Map<String, Double>> pluginScores = new LinkedHashMap<>();
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    List<String> exportedTensors = List.of();
    List<Map<String, Object>> exportedLayout = null;
    TestExamples examples = TestExamples.of(stage, data);
    Predictions predictions = new Predictions(examples.ids(), examples.classNames());
    for (Map.Entry<String, StageResult> model : models.entrySet()) {
      Path weights = stage.download(model.getValue().artifact(Artifacts.MODEL), model.getKey() + ".params");
      // A baseline may have another head than the spec's (the linear probe's is linear), so rebuild its own.
      AdaptSpec head = EvaluateSpec.adaptOf(model.getKey(), adapt);
      try (TrainedClassifier classifier = TrainedClassifier.load(
          ClassifierNetworks.of(stage, architecture, head, data, test.classCount()), weights)) {
        Map<String, Double> byMetric = new LinkedHashMap<>();
        if (test.isRegression()) {
          double[] predicted = inOriginalUnits(classifier.predictions(test), target);
          regressionScores.put(model.getKey(), RegressionMetrics.of(targets, predicted));
          predictions.regression(model.getKey(), predicted);
          metrics.forEach(name -> byMetric.put(name, PluginRegistry.shared()
              .get(RegressionMetric.KIND, name, "evaluate.metrics").score(targets, predicted)));
        } else {
          float[][] perClass = classifier.probabilities(test);
          predictions.classifier(model.getKey(), perClass);
          // rows of doubles only while this model is scored (the metrics and plugins take them)
          double[][] probabilities = toDoubles(perClass);
          scores.put(model.getKey(), ClassifierEvaluation.of(labels, probabilities));
          metrics.forEach(name -> byMetric.put(name, PluginRegistry.shared()
              .get(ClassificationMetric.KIND, name, "evaluate.metrics").score(labels, probabilities)));
        }
        pluginScores.put(model.getKey(), byMetric);
        if (model.getKey().equals(EXPORTED_MODEL)) {
          List<Safetensors.Tensor> tensors = classifier.tensors();
          Path file = stage.workspace().resolve("model.safetensors");
          Safetensors.write(file, tensors, Map.of("format", "pt", "run", run.runId()));
          artifacts.put(Artifacts.MODEL_SAFETENSORS, stage.upload("model.safetensors", file, "model"));
          exportedTensors = tensors.stream().map(Safetensors.Tensor::name).toList();
          exportedLayout = classifier.network().layout();
          if (classifier.network() instanceof BertClassifier bert) {
            artifacts.putAll(HuggingFaceExport.publish(stage, bert, data, examples.classNames()));
          }
        }
      }
    }
    ModelComparison builtIn =
        test.isRegression() ? new RegressionComparisonTable(regressionScores) : new ComparisonTable(scores);
    ModelComparison table = metrics.isEmpty() ? builtIn : new PluginMetrics(builtIn, metrics, pluginScores);
    if (models.containsKey(EXPORTED_MODEL)) {
      ModelCard card = ModelCards.of(stage, run, data, architecture, adapt, test, exportedLayout, exportedTensors,
          table.metricsOf(EXPORTED_MODEL), models.get(EXPORTED_MODEL).artifact(Artifacts.MODEL), examples, target);
      // the card names its run, so runs sharing this key (in flight together) each keep their own
      artifacts.put(Artifacts.MODEL_CARD,
          stage.upload(StoreLayout.runModelCard(run.runId()), JSON.writeValueAsBytes(card), "model-card"));
    }
    Path csv = stage.workspace().resolve("predictions.csv");
    predictions.write(csv, labels, targets);
    artifacts.put(Artifacts.PREDICTIONS, stage.upload("predictions.csv", csv, "predictions"));
    artifacts.put(Artifacts.COMPARISON_JSON,
        stage.upload("comparison.json", JSON.writeValueAsBytes(table.toReport()), "metrics"));
    artifacts.put(Artifacts.COMPARISON_MD,
        stage.upload("comparison.md", table.toMarkdown().getBytes(StandardCharsets.UTF_8), "report"));
    if (builtIn instanceof ComparisonTable classification) {
      artifacts.put(Artifacts.ROC_JSON,
          stage.upload("roc.json", JSON.writeValueAsBytes(classification.toRocCurves()), "metrics"));
    }
    return stage.complete(artifacts, table.toMetrics());
  }

  private static double[] inOriginalUnits(float[] standardized, TargetStandardization target) {
    double[] original = new double[standardized.length];
    for (int i = 0; i < standardized.length; i++) {
      original[i] = target.toOriginal(standardized[i]);
    }
    return original;
  }

  private static double[][] toDoubles(float[][] rows) {
    double[][] widened = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      widened[i] = new double[rows[i].length];
      for (int c = 0; c < rows[i].length; c++) {
        widened[i][c] = rows[i][c];
      }
    }
    return widened;
  }
}
