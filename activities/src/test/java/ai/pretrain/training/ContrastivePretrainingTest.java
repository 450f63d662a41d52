package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.pretrain.augment.AugmentationPipeline;
import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.TestData;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.pipeline.TrainingProgress;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.plugin.PretrainingObjective;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.AugmentationSpec;
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
import io.temporal.testing.TestActivityEnvironment;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contrastive objective: its loss against NumPy's, how a batch pairs an image's two views, and the stage on the
 * real MNIST sample with capped batches (seconds on a CPU): wiring through the plugin, both encoders, the projection
 * head left behind, and an exact resume after a lost worker. Accuracy is bench/vision's business.
 */
class ContrastivePretrainingTest {

  private static final RunContext RUN = new RunContext("run-contrastive", "contrastive-test", 7);
  private static final PrepSpec PREP = new PrepSpec(0.1, 0.1, 0.05, 2000);
  private static final List<AugmentationSpec> VIEWS = List.of(new AugmentationSpec("random-resized-crop", 0.5, 1.0),
      new AugmentationSpec("rotation", 15.0, 0.5));

  @TempDir static Path shared;
  @TempDir Path work;
  private static Path dataRoot;
  private static PreparedData data;
  private final List<TestActivityEnvironment> environments = new ArrayList<>();

  @BeforeAll
  static void prepareMnist() {
    dataRoot = TestData.require("mnist/mnist.ptds", "mnist");
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new DataPrepActivitiesImpl(
          new StageRunner(new LocalArtifactStore(shared.resolve("store"))), new DatasetCatalog(dataRoot)));
      data = env.newActivityStub(DataPrepActivities.class, options()).prepareData(RUN, new DatasetSpec("mnist"), PREP);
    } finally {
      env.close();
    }
  }

  @AfterEach
  void closeEnvironments() {
    environments.forEach(TestActivityEnvironment::close);
  }

  private static ActivityOptions options() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setHeartbeatTimeout(Duration.ofMillis(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }

  private static PretrainSpec contrastive(String architecture, int epochs) {
    return new PretrainSpec(PretrainSpec.CONTRASTIVE, List.of(64), 16, null, null, epochs, 32, 1e-3, null, null, 3,
        architecture, List.of(4, 8), null, null, null, null, VIEWS, 0.5);
  }

  /** The training stages over one store, recording the heartbeats they send. */
  private TrainingActivities training(Path store, Duration checkpointInterval, List<TrainingProgress> beats,
      TrainingProgress previousAttempt) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    environments.add(env);
    env.registerActivitiesImplementations(
        new TrainingActivitiesImpl(new StageRunner(new LocalArtifactStore(store)), checkpointInterval));
    env.setActivityHeartbeatListener(TrainingProgress.class, beats::add);
    if (previousAttempt != null) {
      env.setHeartbeatDetails(previousAttempt);
    }
    return env.newActivityStub(TrainingActivities.class, options());
  }

  @Test
  void ntXentMatchesTheNumPyReference() throws Exception {
    JsonNode fixture;
    try (InputStream in = getClass().getResourceAsStream("nt-xent-reference.json")) {
      fixture = new ObjectMapper().readTree(in);
    }
    JsonNode rows = fixture.get("projections");
    int width = rows.get(0).size();
    float[] projections = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < width; j++) {
        projections[i * width + j] = (float) rows.get(i).get(j).asDouble();
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList predictions = new NDList(manager.create(projections, new Shape(rows.size(), width)));
      for (var expected : (Iterable<Map.Entry<String, JsonNode>>) fixture.get("losses")::fields) {
        float loss = new NtXentLoss(Double.parseDouble(expected.getKey()))
            .evaluate(new NDList(manager.zeros(new Shape(rows.size()))), predictions).getFloat();
        assertEquals(expected.getValue().asDouble(), loss, 1e-5, "temperature " + expected.getKey());
      }
    }
  }

  @Test
  void aBatchHoldsTheFirstViewsThenTheSecondViewsOfTheSameImagesInOrder() {
    int side = 6;
    int images = 5;
    float[] pixels = new float[images * side * side];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i % 17) / 16f;
    }
    ExampleShard shard = new ExampleShard(pixels, new int[images], side * side, 1);
    int[] batch = {3, 0, 4};
    AugmentationPipeline none = AugmentationPipeline.of(List.of(), "pretrain.augmentations", side, side, 1,
        PluginRegistry.installed());
    AugmentationPipeline crops = AugmentationPipeline.of(VIEWS, "pretrain.augmentations", side, side, 1,
        PluginRegistry.installed());
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] plain = ContrastivePretraining.viewPairs(shard, none, manager, batch, new Random(1))[0].head()
          .toFloatArray();
      float[] augmented = ContrastivePretraining.viewPairs(shard, crops, manager, batch, new Random(1))[0].head()
          .toFloatArray();
      float[] again = ContrastivePretraining.viewPairs(shard, crops, manager, batch, new Random(1))[0].head()
          .toFloatArray();
      int f = side * side;
      assertEquals(2 * batch.length * f, plain.length);
      for (int i = 0; i < batch.length; i++) {
        float[] image = java.util.Arrays.copyOfRange(pixels, batch[i] * f, (batch[i] + 1) * f);
        assertArrayEquals(image, java.util.Arrays.copyOfRange(plain, i * f, (i + 1) * f), "first view of " + i);
        int second = NtXentLoss.positive(i, 2 * batch.length);
        assertEquals(batch.length + i, second);
        assertEquals(i, NtXentLoss.positive(second, 2 * batch.length));
        assertArrayEquals(image, java.util.Arrays.copyOfRange(plain, second * f, (second + 1) * f), "second view");
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(augmented, i * f, (i + 1) * f),
            java.util.Arrays.copyOfRange(augmented, second * f, (second + 1) * f)), "views are drawn separately");
      }
      assertArrayEquals(augmented, again, "the same generator draws the same views");
    }
  }

  @Test
  void theContrastiveObjectiveIsAnImagePluginPretrainingBothEncodersWithoutItsProjectionHead() {
    PretrainingObjective plugin =
        PluginRegistry.installed().get(PretrainingObjective.KIND, PretrainSpec.CONTRASTIVE, "pretrain.objective");
    assertInstanceOf(ContrastiveObjective.class, plugin);
    TrainingActivities training = training(work.resolve("store"), Duration.ofHours(1),
        Collections.synchronizedList(new ArrayList<>()), null);
    AdaptSpec adapt = AdaptSpec.defaults();
    FineTuneSpec fineTune = new FineTuneSpec(1, 32, 1e-3, 0.0, 10, null, null, 2, null, null);

    for (String architecture : List.of(PretrainSpec.MLP, PretrainSpec.RESIDUAL_CNN)) {
      PretrainSpec spec = contrastive(architecture, 2);
      StageResult pretrained = training.pretrain(RUN, spec, data);
      StageResult adapted = training.adapt(RUN, spec, adapt, data, pretrained);
      StageResult tuned = training.fineTune(RUN, spec.encoder(), adapt, fineTune, data, adapted);

      assertEquals(List.of("cache-key", "encoder", "history"),
          pretrained.artifacts().keySet().stream().sorted().toList(), architecture);
      double loss = pretrained.metrics().get("trainLoss");
      // a batch of 32 images is 64 views; a view's loss starts near log(63), the uniform guess among the others
      assertTrue(loss > 0 && loss < Math.log(63) + 1, architecture + " loss " + loss);
      assertTrue(Double.isFinite(pretrained.metrics().get("validationLoss")), pretrained.metrics().toString());
      assertEquals(1.0, adapted.metrics().get("pretrainedEncoder"), "the classifier loads the encoder as saved");
      assertTrue(Double.isFinite(tuned.metrics().get("validationAccuracy")), tuned.metrics().toString());
    }
  }

  /** Checkpoints carry the weights and Adam's state; batch order and views are seeded per epoch. */
  @Test
  void aResumedContrastivePretrainEndsWithTheSameEncoderAsAnUninterruptedOne() {
    PretrainSpec spec = contrastive(PretrainSpec.RESIDUAL_CNN, 3);
    List<TrainingProgress> beats = Collections.synchronizedList(new ArrayList<>());
    StageResult full = training(work.resolve("store-first"), Duration.ZERO, beats, null).pretrain(RUN, spec, data);
    TrainingProgress afterEpochOne = beats.stream()
        .filter(p -> p.checkpoint() != null && p.checkpointEpoch() == 1)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no heartbeat carried the epoch-1 checkpoint: " + beats));

    List<TrainingProgress> resumedBeats = Collections.synchronizedList(new ArrayList<>());
    StageResult resumed = training(work.resolve("store-retry"), Duration.ZERO, resumedBeats, afterEpochOne)
        .pretrain(RUN, spec, data);

    assertFalse(resumed.cacheHit());
    assertTrue(resumedBeats.stream().allMatch(p -> p.epoch() >= 2), "no epoch 1 again: " + resumedBeats);
    assertEquals(full.artifact("encoder").sha256(), resumed.artifact("encoder").sha256());
    assertEquals(full.metrics().get("trainLoss"), resumed.metrics().get("trainLoss"));
  }
}
