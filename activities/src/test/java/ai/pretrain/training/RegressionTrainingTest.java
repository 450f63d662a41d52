package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.TestData;
import ai.pretrain.evaluation.EvaluationActivitiesImpl;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stages on scikit-learn's diabetes set, a regression: a one-output head fine-tuned with mean squared error on the
 * standardized target, early stopping on the validation loss, and the evaluate stage scoring in the target's units.
 */
class RegressionTrainingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RunContext RUN = new RunContext("run-diabetes", "regression-test", 7);
  private static final PrepSpec PREP = new PrepSpec(0.2, 0.2, 0.5, 2000);
  private static final PretrainSpec PRETRAIN =
      new PretrainSpec(null, List.of(16), 8, "gaussian", 0.3, 20, 16, 3e-3, null, null, null);
  private static final AdaptSpec ADAPT = AdaptSpec.defaults();

  private static FineTuneSpec fineTune(String monitor) {
    return new FineTuneSpec(60, 16, 3e-3, 1e-4, 20, monitor, null, null, null, null);
  }

  @TempDir Path work;

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void fineTunesAOneOutputHeadWithMeanSquaredErrorAndScoresItInTheTargetsUnits() throws Exception {
    Path dataRoot = dataRoot();
    LocalArtifactStore store = new LocalArtifactStore(work.resolve("store"));
    StageRunner runner = new StageRunner(store);
    env.registerActivitiesImplementations(new DataPrepActivitiesImpl(runner, new DatasetCatalog(dataRoot)),
        new TrainingActivitiesImpl(runner, Duration.ofHours(1)), new EvaluationActivitiesImpl(runner));
    TrainingActivities training = env.newActivityStub(TrainingActivities.class, options());

    PreparedData data = env.newActivityStub(DataPrepActivities.class, options())
        .prepareData(RUN, new DatasetSpec("diabetes"), PREP);
    StageResult pretrained = training.pretrain(RUN, PRETRAIN, data);
    StageResult adapted = training.adapt(RUN, PRETRAIN, ADAPT, data, pretrained);
    StageResult fineTuned = training.fineTune(RUN, PRETRAIN.encoder(), ADAPT, fineTune("validationLoss"), data, adapted);

    // 10 -> 16 -> 8 encoder, then an 8 -> 1 head: 176 + 136 + 9 weights
    assertEquals(321.0, adapted.metrics().get("parameters"));
    // the validation loss is the MSE of the standardized target: predicting the training mean scores about 1
    double validationLoss = fineTuned.metrics().get("validationLoss");
    assertTrue(validationLoss > 0.2 && validationLoss < 0.8, fineTuned.metrics().toString());
    assertFalse(fineTuned.metrics().containsKey("validationAccuracy"), fineTuned.metrics().toString());

    Map<String, StageResult> models = new LinkedHashMap<>();
    models.put("pretrained", fineTuned);
    StageResult evaluation = env.newActivityStub(EvaluationActivities.class, options())
        .evaluate(RUN, PRETRAIN.encoder(), ADAPT, data, models, List.of());

    Map<String, Double> metrics = evaluation.metrics();
    assertEquals(Set.of("pretrained.mse", "pretrained.mae", "pretrained.r2"), metrics.keySet());
    // Ordinary least squares fitted on the same 133 labeled rows reaches 0.328 on this test split
    // (scripts/diabetes-least-squares.py 7 0.2 0.2 0.5, scikit-learn 1.9); a model that learned nothing scores about
    // 0, a mis-scaled one far below.
    assertTrue(metrics.get("pretrained.r2") > 0.1, metrics.toString());
    // in the target's units (disease progression, 25..346) the errors are tens, not fractions
    assertTrue(metrics.get("pretrained.mse") > 500 && metrics.get("pretrained.mse") < 6000, metrics.toString());
    assertFalse(evaluation.artifacts().containsKey("roc-json"), "a regression has no ROC curves");
    JsonNode card = readJson(store, evaluation, "model-card");
    assertEquals(data.metrics().get("targetMean"), card.path("output").path("targetMean").asDouble());
    assertEquals(metrics.get("pretrained.r2"), card.path("metrics").path("r2").asDouble());
    assertTrue(evaluation.artifacts().containsKey("model-safetensors"));
  }

  @Test
  void watchingAccuracyOnARegressionFailsWithoutRetryNamingTheField() throws Exception {
    Path dataRoot = dataRoot();
    StageRunner runner = new StageRunner(new LocalArtifactStore(work.resolve("store")));
    env.registerActivitiesImplementations(new DataPrepActivitiesImpl(runner, new DatasetCatalog(dataRoot)),
        new TrainingActivitiesImpl(runner, Duration.ofHours(1)));
    TrainingActivities training = env.newActivityStub(TrainingActivities.class, options());
    PreparedData data = env.newActivityStub(DataPrepActivities.class, options())
        .prepareData(RUN, new DatasetSpec("diabetes"), PREP);
    StageResult adapted = training.adapt(RUN, PRETRAIN, ADAPT, data, null);

    ActivityFailure failure = assertThrows(ActivityFailure.class,
        () -> training.fineTune(RUN, PRETRAIN.encoder(), ADAPT, fineTune("validationAccuracy"), data, adapted));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().contains("fineTune.monitor") && cause.getOriginalMessage()
        .contains("use validationLoss"), cause.getOriginalMessage());
  }

  private static Path dataRoot() {
    return TestData.require("sklearn/diabetes_target.csv.gz", "sklearn");
  }

  private static JsonNode readJson(LocalArtifactStore store, StageResult stage, String artifact) throws Exception {
    try (InputStream in = store.open(stage.artifact(artifact))) {
      return JSON.readTree(in);
    }
  }

  private static ActivityOptions options() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }
}
