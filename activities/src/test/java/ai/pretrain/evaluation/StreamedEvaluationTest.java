package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.TestData;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.training.TrainingActivitiesImpl;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate stage reading its test split block by block (a bound lowered below the split's features) gives exactly
 * what it gives holding the split whole: every metric, the ROC curves, the comparison table and predictions.csv.
 */
class StreamedEvaluationTest {

  private static final RunContext RUN = new RunContext("run-eval", "streamed-evaluation-test", 42);
  private static final RunContext RERUN = new RunContext("run-eval", "streamed-evaluation-test", 42,
      List.of(Stages.EVALUATE));
  @TempDir Path work;

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final TestActivityEnvironment streaming = TestActivityEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
    streaming.close();
  }

  @Test
  void aClassifiersTestSplitScoredBlockByBlockGivesTheWholeSplitsMetricsCurvesAndPredictions() {
    assertSameEvaluation(TestData.require("mnist/mnist.ptds", "mnist"), new DatasetSpec("mnist"),
        new PrepSpec(0.1, 0.1, 0.05, 2000), 784, 1L << 18);
  }

  @Test
  void aRegressionsTestSplitScoredBlockByBlockGivesTheWholeSplitsMetricsAndPredictions() {
    assertSameEvaluation(TestData.require("sklearn/diabetes_target.csv.gz", "sklearn"), new DatasetSpec("diabetes"),
        new PrepSpec(0.2, 0.5, 0.5, 2000), 10, 4096);
  }

  /** {@code streams}: a bound under the test split's features, which cuts it in blocks of a few examples. */
  private void assertSameEvaluation(Path dataRoot, DatasetSpec dataset, PrepSpec prep, int features, long streams) {
    PretrainSpec pretrain = new PretrainSpec(null, List.of(16), 8, "masking", 0.3, 1, 32, 1e-3, null, null, 3);
    AdaptSpec adapt = AdaptSpec.defaults();
    StageRunner runner = new StageRunner(new LocalArtifactStore(work.resolve("store")));
    env.registerActivitiesImplementations(new DataPrepActivitiesImpl(runner, new DatasetCatalog(dataRoot)),
        new TrainingActivitiesImpl(runner, Duration.ofHours(1)), new EvaluationActivitiesImpl(runner));
    streaming.registerActivitiesImplementations(new EvaluationActivitiesImpl(runner, streams));
    TrainingActivities training = env.newActivityStub(TrainingActivities.class, options());
    PreparedData data = env.newActivityStub(DataPrepActivities.class, options()).prepareData(RUN, dataset, prep);
    assertTrue(data.metrics().get("testExamples") * features * Float.BYTES > streams, data.metrics().toString());
    StageResult pretrained = training.pretrain(RUN, pretrain, data);
    FineTuneSpec fineTune = new FineTuneSpec(2, 32, 1e-3, 0.0, 5, "validationLoss", null, 3, null, null);
    Map<String, StageResult> models = new LinkedHashMap<>();
    models.put("pretrained", training.fineTune(RUN, pretrain.encoder(), adapt, fineTune, data,
        training.adapt(RUN, pretrain, adapt, data, pretrained)));
    models.put("scratch", training.fineTune(RUN, pretrain.encoder(), adapt.unfrozen(), fineTune, data,
        training.adapt(RUN, pretrain, adapt.unfrozen(), data, null)));

    StageResult whole = env.newActivityStub(EvaluationActivities.class, options())
        .evaluate(RUN, pretrain.encoder(), adapt, data, models, List.of());
    StageResult streamed = streaming.newActivityStub(EvaluationActivities.class, options())
        .evaluate(RERUN, pretrain.encoder(), adapt, data, models, List.of());

    assertEquals(whole.metrics(), streamed.metrics());
    assertEquals(whole.artifacts().keySet(), streamed.artifacts().keySet());
    for (String artifact : List.of(Artifacts.PREDICTIONS, Artifacts.COMPARISON_JSON, Artifacts.COMPARISON_MD)) {
      assertEquals(whole.artifact(artifact).sha256(), streamed.artifact(artifact).sha256(), artifact);
    }
    if (whole.artifacts().containsKey(Artifacts.ROC_JSON)) {
      assertEquals(whole.artifact(Artifacts.ROC_JSON).sha256(), streamed.artifact(Artifacts.ROC_JSON).sha256());
    }
  }

  private static ActivityOptions options() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }
}
