package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.TestData;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EvaluateSpec;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.training.TrainingActivitiesImpl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate stage on real, briefly trained MNIST models: the pipeline's model with a hidden-layer head, the scratch
 * baseline and the linear probe, whose head differs from the spec's; batches are capped so it runs in seconds.
 */
class EvaluationActivitiesImplTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RunContext RUN = new RunContext("run-eval", "evaluation-test", 42);
  private static final PipelineSpec SPEC = new SpecParser().parse("""
      name: evaluation-test
      dataset: {name: mnist}
      prep: {labeledFraction: 0.05}
      pretrain: {hiddenUnits: [32], latentUnits: 8, epochs: 1, maxBatchesPerEpoch: 3}
      adapt: {headHiddenUnits: 16}
      fineTune: {epochs: 1, batchSize: 32, maxBatchesPerEpoch: 3}
      evaluate: {baselines: [scratch, linear-probe]}
      """);

  @TempDir Path work;

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void scoresThePipelinesModelAndBothBaselinesOnEveryMetricAndWritesRocCurves() throws Exception {
    Path dataRoot = TestData.require("mnist/mnist.ptds", "mnist");
    StageRunner runner = new StageRunner(new LocalArtifactStore(work.resolve("store")));
    env.registerActivitiesImplementations(new DataPrepActivitiesImpl(runner, new DatasetCatalog(dataRoot)),
        new TrainingActivitiesImpl(runner, Duration.ofHours(1)), new EvaluationActivitiesImpl(runner));
    ActivityOptions options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
    TrainingActivities training = env.newActivityStub(TrainingActivities.class, options);

    PreparedData data =
        env.newActivityStub(DataPrepActivities.class, options).prepareData(RUN, SPEC.dataset(), SPEC.prep());
    StageResult pretrained = training.pretrain(RUN, SPEC.pretrain(), data);
    Map<String, StageResult> models = new LinkedHashMap<>();
    StageResult adapted = training.adapt(RUN, SPEC.pretrain(), SPEC.adapt(), data, pretrained);
    models.put("pretrained", training.fineTune(RUN, SPEC.pretrain().encoder(), SPEC.adapt(), SPEC.fineTune(), data, adapted));
    for (String baseline : SPEC.evaluate().baselines()) {
      AdaptSpec head = EvaluateSpec.adaptOf(baseline, SPEC.adapt());
      StageResult fresh = training.adapt(RUN, SPEC.pretrain(), head, data,
          baseline.equals(EvaluateSpec.SCRATCH) ? null : pretrained);
      models.put(baseline, training.fineTune(RUN, SPEC.pretrain().encoder(), head, SPEC.fineTune(), data, fresh));
    }

    StageResult evaluated = env.newActivityStub(EvaluationActivities.class, options)
        .evaluate(RUN, SPEC.pretrain().encoder(), SPEC.adapt(), data, models, List.of("top-2-accuracy", "balanced-accuracy"));

    assertTrue(evaluated.artifacts().keySet().containsAll(
        List.of("comparison-json", "comparison-md", "roc-json", "model-safetensors", "model-card")),
        evaluated.artifacts().keySet().toString());
    for (String model : List.of("pretrained", "scratch", "linear-probe")) {
      for (String metric : List.of("accuracy", "precision", "recall", "f1", "f1Micro", "f1Weighted", "aucMacro")) {
        double value = evaluated.metrics().get(model + "." + metric);
        assertTrue(value >= 0 && value <= 1, model + "." + metric + " = " + value);
      }
      assertTrue(evaluated.metrics().get(model + ".logLoss") > 0, model + ".logLoss");
      assertEquals(evaluated.metrics().get(model + ".accuracy"), evaluated.metrics().get(model + ".f1Micro"), 1e-12);
    }

    JsonNode report = read(evaluated, "comparison-json").get("models");
    int testSize = 0;
    for (JsonNode row : report.get("linear-probe").get("perClass")) {
      testSize += row.get("support").asInt();
    }
    long confused = 0;
    for (JsonNode row : report.get("linear-probe").get("confusion")) {
      for (JsonNode count : row) {
        confused += count.asLong();
      }
    }
    assertEquals(10, report.get("linear-probe").get("perClass").size());
    assertEquals(testSize, confused);
    JsonNode roc = read(evaluated, "roc-json").get("models");
    assertEquals(List.of("pretrained", "scratch", "linear-probe"), iterable(roc.fieldNames()));
    for (JsonNode curve : roc.get("linear-probe").get("classes")) {
      assertEquals(curve.get("falsePositiveRate").size(), curve.get("truePositiveRate").size());
      assertEquals(0.0, curve.get("falsePositiveRate").get(0).asDouble());
      assertEquals(1.0, curve.get("truePositiveRate").get(curve.get("truePositiveRate").size() - 1).asDouble());
    }
    String table = Files.readString(Path.of(URI.create(evaluated.artifact("comparison-md").uri())));
    assertTrue(table.contains("| linear-probe |") && table.contains("| scratch |"), table);

    // the metric plugins the spec names: a column each, beside the built-in ones
    assertTrue(table.contains("| model | top-2-accuracy | balanced-accuracy |"), table);
    for (String model : List.of("pretrained", "scratch", "linear-probe")) {
      double topTwo = evaluated.metrics().get(model + ".top-2-accuracy");
      assertTrue(topTwo >= evaluated.metrics().get(model + ".accuracy") && topTwo <= 1, model + " top-2 " + topTwo);
      assertEquals(evaluated.metrics().get(model + ".balanced-accuracy"),
          report.get(model).get("balanced-accuracy").asDouble(), 1e-12);
    }
  }

  private static JsonNode read(StageResult stage, String artifact) throws Exception {
    return JSON.readTree(Path.of(URI.create(stage.artifact(artifact).uri())).toFile());
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
