package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.TestData;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.OptimizerSpec;
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
 * A sweep trial trained in rungs is the same training as the trial trained straight, on the real MNIST sample and
 * DJL: rungs of 1, 2 and 1 epochs of a 4-epoch trial against the fine-tune stage's 4 epochs in one go. The trial has
 * what makes rungs differ when they do not carry the training on: Adam's moments and step counts, a learning-rate
 * schedule that depends on the trial's length (a warmup epoch, then cosine decay to zero over the 4 epochs), dropout
 * and a per-epoch batch order.
 */
class SweepRungResumptionTest {

  private static final RunContext RUN = new RunContext("run-1", "rung-resumption-test", 42, List.of());
  private static final PretrainSpec ARCHITECTURE =
      new PretrainSpec(null, List.of(64), 16, "masking", 0.3, 1, 64, 1e-3, null, null, 2);
  private static final AdaptSpec ADAPT = new AdaptSpec(0, 0.2, false);
  private static final FineTuneSpec TRIAL = new FineTuneSpec(4, 32, 3e-3, 1e-4, 10, null,
      new OptimizerSpec(null, null, null, "cosine", 1), 0, null, null);

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
    adapted = training.adapt(RUN, ARCHITECTURE, ADAPT, data, training.pretrain(RUN, ARCHITECTURE, data));
  }

  @AfterAll
  static void close() {
    env.close();
  }

  /**
   * Bit-identical, not merely close: the best epoch's weights have the same sha256, and the history (every epoch's
   * train loss, validation loss and accuracy, as doubles) the same bytes. On one machine the same operations in the
   * same order give the same floats, so any difference in optimizer state, schedule position, data order or dropout
   * masks shows (the test below shows that restarting the optimizer does).
   */
  @Test
  void rungsOfOneTwoAndOneEpochsTrainAsFourStraightEpochs() {
    StageResult straight = training.fineTune(RUN, ARCHITECTURE.encoder(), ADAPT, TRIAL, data, adapted);

    StageResult first = training.fineTuneRung(RUN, ARCHITECTURE.encoder(), ADAPT, TRIAL, 1, data, adapted);
    StageResult second = training.fineTuneRung(RUN, ARCHITECTURE.encoder(), ADAPT, TRIAL, 3, data, first);
    StageResult last = training.fineTuneRung(RUN, ARCHITECTURE.encoder(), ADAPT, TRIAL, 4, data, second);

    assertTrue(first.artifacts().containsKey(Artifacts.TRAINING_STATE), "a rung short of the trial hands on its state");
    assertTrue(second.artifacts().containsKey(Artifacts.TRAINING_STATE));
    assertFalse(last.artifacts().containsKey(Artifacts.TRAINING_STATE), "nothing goes on from the trial's last epoch");
    assertEquals(1.0, first.metrics().get("epochs"));
    assertEquals(3.0, second.metrics().get("epochs"), "a rung counts the trial's epochs, not its own");
    assertFalse(last.cacheHit());
    assertEquals(straight.artifact(Artifacts.HISTORY).sha256(), last.artifact(Artifacts.HISTORY).sha256(),
        "every epoch's losses and accuracy as in the straight run");
    assertEquals(straight.artifact(Artifacts.MODEL).sha256(), last.artifact(Artifacts.MODEL).sha256());
    assertEquals(straight.metrics(), last.metrics());
  }

  /**
   * The control for the test above: what the sweep did before rungs resumed training (the rung before's best model,
   * a fresh optimizer and a schedule over the rung's own epochs) does not reach the straight run's numbers.
   */
  @Test
  void aRungFromThePreviousModelWithAFreshOptimizerTrainsDifferently() {
    StageResult straight =
        training.fineTune(RUN, ARCHITECTURE.encoder(), ADAPT, TRIAL.with("epochs", 3), data, adapted);
    StageResult first = training.fineTune(RUN, ARCHITECTURE.encoder(), ADAPT, TRIAL.with("epochs", 1), data, adapted);
    StageResult restarted = training.fineTune(RUN, ARCHITECTURE.encoder(), ADAPT, TRIAL.with("epochs", 2), data, first);

    assertNotEquals(straight.metrics().get("validationLoss"), restarted.metrics().get("validationLoss"));
  }
}
