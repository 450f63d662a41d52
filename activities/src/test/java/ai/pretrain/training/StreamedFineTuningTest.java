package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.ShardSeries;
import ai.pretrain.data.TestData;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.pipeline.TrainingProgress;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.storage.SourceObjects;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning on splits larger than a {@link ShardSeries} holds whole, with the bound lowered instead of the data
 * grown: on the MNIST sample (400 labeled examples, 1.2 MiB of features; 900 validation examples, 2.7 MiB) a 1 MiB
 * bound streams both, a 2 MiB bound the validation split only.
 */
class StreamedFineTuningTest {

  private static final RunContext RUN = new RunContext("run-stream", "streamed-fine-tuning-test", 42);
  private static final PrepSpec PREP = new PrepSpec(0.1, 0.1, 0.05, 2000);
  private static final PretrainSpec ARCHITECTURE =
      new PretrainSpec(null, List.of(64), 16, "masking", 0.3, 1, 64, 1e-3, null, null, 2);
  private static final AdaptSpec ADAPT = AdaptSpec.defaults().unfrozen();
  private static final FineTuneSpec FINE_TUNE = new FineTuneSpec(3, 32, 1e-3, 0.0, 10, null, null, 3, null, null);
  private static final long BOTH_STREAM = 1L << 20;
  private static final long VALIDATION_STREAMS = 2L << 20;

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
    long featureBytes = 784L * Float.BYTES;
    assertTrue(data.metrics().get("labeledExamples") * featureBytes > BOTH_STREAM, data.metrics().toString());
    assertTrue(data.metrics().get("labeledExamples") * featureBytes <= VALIDATION_STREAMS, data.metrics().toString());
    assertTrue(data.metrics().get("validationExamples") * featureBytes > VALIDATION_STREAMS,
        data.metrics().toString());
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

  /** Training activities over their own store, holding a split whole below {@code inMemoryBytes}. */
  private final class Stages {
    final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    final TrainingActivities training;

    Stages(String store, long inMemoryBytes) {
      environments.add(env);
      env.registerActivitiesImplementations(new TrainingActivitiesImpl(
          new StageRunner(new LocalArtifactStore(work.resolve(store))), Duration.ZERO,
          SourceObjects.fromEnvironment(Map.of()), inMemoryBytes));
      training = env.newActivityStub(TrainingActivities.class, options());
    }

    StageResult fineTune() {
      return training.fineTune(RUN, ARCHITECTURE.encoder(), ADAPT, FINE_TUNE, data, adapt());
    }

    StageResult adapt() {
      return training.adapt(RUN, ARCHITECTURE, ADAPT, data, null);
    }
  }

  @Test
  void aLabeledSplitOverTheBoundTrainsThroughTheShuffleBufferTheSameForTheSameSeed() {
    StageResult streamed = new Stages("store-streamed", BOTH_STREAM).fineTune();
    StageResult again = new Stages("store-again", BOTH_STREAM).fineTune();
    StageResult whole = new Stages("store-whole", ShardSeries.IN_MEMORY_BYTES).fineTune();

    assertFalse(again.cacheHit());
    assertEquals(streamed.artifact(Artifacts.MODEL).sha256(), again.artifact(Artifacts.MODEL).sha256());
    assertEquals(streamed.metrics(), again.metrics());
    assertEquals(whole.metrics().get("labeledExamples"), streamed.metrics().get("labeledExamples"));
    assertNotEquals(whole.artifact(Artifacts.MODEL).sha256(), streamed.artifact(Artifacts.MODEL).sha256(),
        "the shuffle buffer orders batches otherwise than a permutation of the whole split");
    assertTrue(streamed.metrics().get("validationAccuracy") > 0.2, streamed.metrics().toString());
  }

  @Test
  void aValidationSplitScoredBlockByBlockScoresExactlyAsOneHeldWhole() {
    StageResult streamed = new Stages("store-streamed", VALIDATION_STREAMS).fineTune();
    StageResult whole = new Stages("store-whole", ShardSeries.IN_MEMORY_BYTES).fineTune();

    assertEquals(whole.metrics(), streamed.metrics());
    assertEquals(whole.artifact(Artifacts.MODEL).sha256(), streamed.artifact(Artifacts.MODEL).sha256());
    assertEquals(whole.artifact(Artifacts.HISTORY).sha256(), streamed.artifact(Artifacts.HISTORY).sha256());
  }

  @Test
  void aResumedStreamedFineTuneEndsWithTheSameModelAndHistoryAsAnUninterruptedOne() {
    Stages uninterrupted = new Stages("store-first", BOTH_STREAM);
    StageResult adapted = uninterrupted.adapt();
    List<TrainingProgress> beats = Collections.synchronizedList(new ArrayList<>());
    uninterrupted.env.setActivityHeartbeatListener(TrainingProgress.class, beats::add);
    StageResult full = uninterrupted.training.fineTune(RUN, ARCHITECTURE.encoder(), ADAPT, FINE_TUNE, data, adapted);
    TrainingProgress afterEpochOne = beats.stream().filter(p -> p.checkpoint() != null && p.checkpointEpoch() == 1)
        .findFirst().orElseThrow(() -> new AssertionError("no epoch-1 checkpoint: " + beats));

    Stages retry = new Stages("store-retry", BOTH_STREAM);
    StageResult adaptedAgain = retry.adapt();
    retry.env.setHeartbeatDetails(afterEpochOne);
    StageResult resumed = retry.training.fineTune(RUN, ARCHITECTURE.encoder(), ADAPT, FINE_TUNE, data, adaptedAgain);

    assertFalse(resumed.cacheHit());
    assertEquals(full.artifact(Artifacts.MODEL).sha256(), resumed.artifact(Artifacts.MODEL).sha256());
    assertEquals(full.artifact(Artifacts.HISTORY).sha256(), resumed.artifact(Artifacts.HISTORY).sha256());
    assertEquals(full.metrics(), resumed.metrics());
  }

  /** What a training over a streamed series saw, epoch by epoch, and the weights it ended with. */
  private record Training(List<int[]> epochs, List<float[]> weights) {}

  @Test
  void eachEpochOverAStreamedSeriesTrainsOnEveryExampleOnceInAnOrderTheSeedFixes() throws IOException {
    // 100 examples of 2 features are 800 bytes: a 256-byte bound streams them in blocks of 2, 4 blocks a buffer
    ShardSeries labeled = ShardSeries.of(List.of(shard(100)), 256);
    assertFalse(labeled.isWhole());

    Training first = train(labeled);
    Training second = train(labeled);

    int[] everyExample = IntStream.range(0, 100).toArray();
    for (int[] epoch : first.epochs()) {
      int[] sorted = epoch.clone();
      Arrays.sort(sorted);
      assertArrayEquals(everyExample, sorted, "each example once an epoch");
    }
    assertFalse(Arrays.equals(first.epochs().get(0), first.epochs().get(1)), "each epoch its own order");
    for (int e = 0; e < first.epochs().size(); e++) {
      assertArrayEquals(first.epochs().get(e), second.epochs().get(e), "epoch " + e + " again");
    }
    for (int p = 0; p < first.weights().size(); p++) {
      assertArrayEquals(first.weights().get(p), second.weights().get(p), "parameter " + p + " again");
    }
  }

  /** Three epochs of a linear classifier over {@code labeled} in batches of 16, recording each epoch's examples. */
  private static Training train(ShardSeries labeled) throws IOException {
    Block network = Linear.builder().setUnits(3).build();
    List<int[]> epochs = new ArrayList<>();
    List<Integer> seen = new ArrayList<>();
    try (TrainingSession session = new TrainingSession("linear", network, Loss.softmaxCrossEntropyLoss(),
        Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build(), 2, 7, manager -> { })) {
      EpochListener record = (done, loss) -> {
        epochs.add(seen.stream().mapToInt(Integer::intValue).toArray());
        seen.clear();
      };
      new TrainingLoop(session.trainer, "fineTune", 16, 0, 7, 0).fit(labeled.size(), 0, 3,
          TrainingLoop.Batches.inOrderOf(labeled, (manager, indices, random) -> {
            float[] x = new float[indices.length * 2];
            float[] y = new float[indices.length];
            for (int i = 0; i < indices.length; i++) {
              seen.add(indices[i]);
              labeled.copyFeatures(indices[i], x, 2 * i);
              y[i] = labeled.label(indices[i]);
            }
            return new NDList[] {new NDList(manager.create(x, new Shape(indices.length, 2))),
                new NDList(manager.create(y, new Shape(indices.length)))};
          }), List.of(record));
      List<float[]> weights = network.getParameters().values().stream()
          .map(parameter -> parameter.getArray().toFloatArray()).toList();
      return new Training(epochs, weights);
    }
  }

  /** {@code count} examples whose features (i / count, 1 - i / count) give class i % 3, as one shard file. */
  private Path shard(int count) throws IOException {
    float[] features = new float[count * 2];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      features[2 * i] = (float) i / count;
      features[2 * i + 1] = 1 - (float) i / count;
      labels[i] = i % 3;
    }
    Path file = work.resolve("labeled.ptds");
    new ExampleShard(features, labels, 2, 3).write(file);
    return file;
  }
}
