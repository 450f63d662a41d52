package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.TestData;
import ai.pretrain.pipeline.DataPrepActivities;
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
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fineTune.gradientAccumulation} on the real MNIST sample and DJL: batches of 16 accumulated two at a time train
 * the MLP (which has no dropout) to the same validation loss as batches of 32, and differently from batches of 16.
 */
class GradientAccumulationTest {

  private static final RunContext RUN = new RunContext("run-1", "accumulation-test", 42, List.of());
  private static final PretrainSpec ARCHITECTURE =
      new PretrainSpec(null, List.of(64), 16, "masking", 0.3, 1, 64, 1e-3, null, null, 2);

  @TempDir static Path store;

  private static TestActivityEnvironment env;
  private static TrainingActivities training;
  private static PreparedData data;
  private static StageResult adapted;

  @BeforeAll
  static void adaptAClassifier() {
    env = TestActivityEnvironment.newInstance();
    StageRunner runner = new StageRunner(new LocalArtifactStore(store));
    env.registerActivitiesImplementations(
        new DataPrepActivitiesImpl(runner, new DatasetCatalog(TestData.require("mnist/mnist.ptds", "mnist"))),
        new TrainingActivitiesImpl(runner, Duration.ofHours(1)));
    ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build();
    DataPrepActivities dataPrep = env.newActivityStub(DataPrepActivities.class, options);
    training = env.newActivityStub(TrainingActivities.class, options);
    data = dataPrep.prepareData(RUN, new DatasetSpec("mnist"), new PrepSpec(0.1, 0.1, 0.08, 2000));
    adapted = training.adapt(RUN, ARCHITECTURE, AdaptSpec.defaults(), data,
        training.pretrain(RUN, ARCHITECTURE, data));
  }

  @AfterAll
  static void close() {
    env.close();
  }

  @Test
  void twoAccumulatedBatchesOfSixteenTrainAsOneBatchOfThirtyTwo() {
    double accumulated = validationLoss(16, 2);
    double whole = validationLoss(32, 1);
    double small = validationLoss(16, 1);

    System.out.printf("validation loss: 16 x 2 accumulated %.6f, 32 at once %.6f, 16 at once %.6f%n", accumulated,
        whole, small);
    assertEquals(whole, accumulated, 1e-4);
    assertTrue(Math.abs(small - whole) > 1e-3, "batches of 16 without accumulation train differently");
  }

  @Test
  void accumulationIsSweepableAndLeavesEarlierSpecsKeysAlone() {
    assertEquals(1, FineTuneSpec.defaults().accumulationSteps());
    assertEquals(4, FineTuneSpec.defaults().with("gradientAccumulation", 4).accumulationSteps());
    assertTrue(!new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(FineTuneSpec.defaults())
        .has("gradientAccumulation"), "an unset accumulation is not serialized, so cache keys stay as they were");
  }

  private static double validationLoss(int batchSize, int accumulation) {
    FineTuneSpec spec = new FineTuneSpec(3, batchSize, 1e-3, 0.0, 10, "validationLoss", null, 0, null, null,
        accumulation, null);
    return training.fineTune(RUN, ARCHITECTURE.encoder(), AdaptSpec.defaults(), spec, data, adapted).metrics()
        .get("validationLoss");
  }
}
