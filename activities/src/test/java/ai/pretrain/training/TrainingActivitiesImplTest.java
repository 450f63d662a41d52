package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.data.TestData;
import ai.pretrain.evaluation.EvaluationActivitiesImpl;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.pipeline.TrainingProgress;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.AugmentationSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.UnlabeledSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training stages on the real MNIST sample, with caps on batches so each stage runs in about a second on a CPU;
 * accuracy is the benchmark's business, these check wiring, caching, determinism, the NaN guard and resume.
 */
class TrainingActivitiesImplTest {

  private static final RunContext RUN = new RunContext("run-1", "training-test", 42);
  private static final PrepSpec PREP = new PrepSpec(0.1, 0.1, 0.05, 2000);
  private static final PretrainSpec PRETRAIN =
      new PretrainSpec(null, List.of(64), 16, "masking", 0.3, 2, 64, 1e-3, null, null, 5);
  private static final PretrainSpec THREE_EPOCHS =
      new PretrainSpec(null, List.of(64), 16, "masking", 0.3, 3, 64, 1e-3, null, null, 5);
  private static final AdaptSpec ADAPT = AdaptSpec.defaults();
  private static final FineTuneSpec FINE_TUNE = new FineTuneSpec(3, 32, 1e-3, 0.0, 10, null, null, 3, null, null);

  @TempDir static Path shared;
  @TempDir Path work;

  private static Path dataRoot;
  /** MNIST split once for the class, in a store the tests read from but never train into. */
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
    // the SDK throttles heartbeats to 80% of this (30 s without it), and the listener hears only those sent
    return options(Duration.ofMillis(10));
  }

  /**
   * The test environment cancels an activity whose heartbeat comes later than {@code heartbeatTimeout} after the
   * previous one, so trainings that wait for their turn need more than the listener tests' 10 ms.
   */
  private static ActivityOptions options(Duration heartbeatTimeout) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setHeartbeatTimeout(heartbeatTimeout)
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }

  /** The three activity kinds over one store, on a fresh test environment. */
  private final class Stages {
    final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    final DataPrepActivities dataPrep;
    final TrainingActivities training;
    final EvaluationActivities evaluation;

    Stages(Path store, Duration checkpointInterval) {
      this(store, checkpointInterval, options());
    }

    Stages(Path store, Duration checkpointInterval, ActivityOptions options) {
      environments.add(env);
      StageRunner runner = new StageRunner(new LocalArtifactStore(store));
      env.registerActivitiesImplementations(new DataPrepActivitiesImpl(runner, new DatasetCatalog(dataRoot)),
          new TrainingActivitiesImpl(runner, checkpointInterval), new EvaluationActivitiesImpl(runner));
      dataPrep = env.newActivityStub(DataPrepActivities.class, options);
      training = env.newActivityStub(TrainingActivities.class, options);
      evaluation = env.newActivityStub(EvaluationActivities.class, options);
    }

    /** Heartbeats this environment's activities send, in order. */
    List<TrainingProgress> recordHeartbeats() {
      List<TrainingProgress> beats = Collections.synchronizedList(new ArrayList<>());
      env.setActivityHeartbeatListener(TrainingProgress.class, beats::add);
      return beats;
    }
  }

  private record Chain(PreparedData data, StageResult pretrained, StageResult adapted, StageResult scratch,
      StageResult fineTuned, StageResult scratchFineTuned, StageResult evaluation) {

    List<StageResult> stages() {
      return List.of(data.result(), pretrained, adapted, scratch, fineTuned, scratchFineTuned, evaluation);
    }
  }

  private static Chain chain(Stages stages) {
    PreparedData prepared = stages.dataPrep.prepareData(RUN, new DatasetSpec("mnist"), PREP);
    StageResult pretrained = stages.training.pretrain(RUN, PRETRAIN, prepared);
    StageResult adapted = stages.training.adapt(RUN, PRETRAIN, ADAPT, prepared, pretrained);
    StageResult scratch = stages.training.adapt(RUN, PRETRAIN, ADAPT.unfrozen(), prepared, null);
    StageResult fineTuned = stages.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT, FINE_TUNE, prepared, adapted);
    StageResult scratchFineTuned =
        stages.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT.unfrozen(), FINE_TUNE, prepared, scratch);
    Map<String, StageResult> models = new LinkedHashMap<>();
    models.put("pretrained", fineTuned);
    models.put("scratch", scratchFineTuned);
    StageResult evaluation = stages.evaluation.evaluate(RUN, PRETRAIN.encoder(), ADAPT, prepared, models, List.of());
    return new Chain(prepared, pretrained, adapted, scratch, fineTuned, scratchFineTuned, evaluation);
  }

  @Test
  void fullChainStoresVerifiableArtifactsAndRunsAgainFromTheCache() throws Exception {
    Stages stages = new Stages(work.resolve("store"), Duration.ofHours(1));

    Chain first = chain(stages);

    assertTrue(sortedNames(first.data().result()).containsAll(List.of("labeled", "test", "train-000", "validation")));
    assertEquals(List.of("autoencoder", "cache-key", "encoder", "history"), sortedNames(first.pretrained()));
    assertEquals(List.of("cache-key", "model"), sortedNames(first.adapted()));
    assertEquals(List.of("cache-key", "history", "model"), sortedNames(first.fineTuned()));
    assertTrue(sortedNames(first.evaluation()).containsAll(List.of("comparison-json", "comparison-md")),
        sortedNames(first.evaluation()).toString());
    for (StageResult stage : first.stages()) {
      assertFalse(stage.cacheHit(), stage.stage());
      for (ArtifactRef ref : stage.artifacts().values()) {
        Path file = Path.of(URI.create(ref.uri()));
        assertTrue(file.startsWith(work.resolve("store")), ref.uri());
        assertEquals(sha256(file), ref.sha256(), ref.uri());
        assertEquals(Files.size(file), ref.sizeBytes(), ref.uri());
      }
      stage.metrics().forEach((name, value) -> assertTrue(Double.isFinite(value), stage.stage() + "." + name));
    }
    assertEquals(1.0, first.adapted().metrics().get("pretrainedEncoder"));
    assertEquals(0.0, first.scratch().metrics().get("pretrainedEncoder"));
    assertEquals(2.0, first.pretrained().metrics().get("epochs"));
    assertTrue(first.fineTuned().metrics().get("epochs") <= 3.0);
    for (String model : List.of("pretrained", "scratch")) {
      for (String metric : List.of("accuracy", "precision", "recall", "f1")) {
        double value = first.evaluation().metrics().get(model + "." + metric);
        assertTrue(value >= 0 && value <= 1, model + "." + metric + " = " + value);
      }
    }
    String table = Files.readString(Path.of(URI.create(first.evaluation().artifact("comparison-md").uri())));
    assertTrue(table.contains("| pretrained |") && table.contains("| scratch |"), table);

    Chain second = chain(stages);

    for (int i = 0; i < first.stages().size(); i++) {
      StageResult again = second.stages().get(i);
      assertTrue(again.cacheHit(), again.stage() + " is served from the cache");
      assertEquals(first.stages().get(i).artifacts(), again.artifacts(), again.stage());
      assertEquals(first.stages().get(i).metrics(), again.metrics(), again.stage());
    }
  }

  @Test
  void theScratchBaselineStaysCachedWhenOnlyHowTheEncoderIsPretrainedChanges() {
    Stages stages = new Stages(work.resolve("store"), Duration.ofHours(1));
    AdaptSpec scratch = ADAPT.unfrozen();
    StageResult adapted = stages.training.adapt(RUN, PRETRAIN, scratch, data, null);
    StageResult tuned = stages.training.fineTune(RUN, PRETRAIN.encoder(), scratch, FINE_TUNE, data, adapted);
    PretrainSpec longer = PRETRAIN.with("epochs", 5).with("learningRate", 3e-3).with("corruptionLevel", 0.5);

    StageResult adaptedAgain = stages.training.adapt(RUN, longer, scratch, data, null);
    StageResult tunedAgain = stages.training.fineTune(RUN, longer.encoder(), scratch, FINE_TUNE, data, adaptedAgain);
    StageResult wider = stages.training.adapt(RUN, PRETRAIN.with("latentUnits", 32), scratch, data, null);

    assertTrue(adaptedAgain.cacheHit(), "scratch never pretrains: " + adaptedAgain.cacheNote());
    assertEquals(adapted.cacheKey(), adaptedAgain.cacheKey());
    assertTrue(tunedAgain.cacheHit(), "its fine-tune neither: " + tunedAgain.cacheNote());
    assertEquals(tuned.artifact(Artifacts.MODEL), tunedAgain.artifact(Artifacts.MODEL));
    assertFalse(wider.cacheHit(), "the encoder's shape is the scratch model's");
    assertTrue(wider.cacheNote().contains("encoder.latentUnits"), wider.cacheNote());
  }

  @Test
  void theScratchBaselineOfATableWithOtherColumnsIsNotTakenFromTheCache() {
    // iris and wine both have three classes; the scratch model's first layer takes 4 and 13 columns
    Stages stages = new Stages(work.resolve("store"), Duration.ofHours(1));
    PrepSpec prep = new PrepSpec(0.2, 0.2, 0.5, 2000);
    AdaptSpec scratch = ADAPT.unfrozen();
    PreparedData iris = stages.dataPrep.prepareData(RUN, new DatasetSpec("iris"), prep);
    PreparedData wine = stages.dataPrep.prepareData(RUN, new DatasetSpec("wine"), prep);
    stages.training.adapt(RUN, PRETRAIN, scratch, iris, null);

    StageResult wineScratch = stages.training.adapt(RUN, PRETRAIN, scratch, wine, null);
    StageResult tuned = stages.training.fineTune(RUN, PRETRAIN.encoder(), scratch, FINE_TUNE, wine, wineScratch);

    assertFalse(wineScratch.cacheHit(), "a model for 4 columns cannot read 13: " + wineScratch.cacheNote());
    assertTrue(wineScratch.cacheNote().contains("features (4.0 -> 13.0)"), wineScratch.cacheNote());
    assertTrue(Double.isFinite(tuned.metrics().get("validationLoss")), tuned.metrics().toString());
  }

  @Test
  void augmentedFineTuningIsReproducibleAndTrainsOnOtherBatches() {
    FineTuneSpec augmented = new FineTuneSpec(2, 32, 1e-3, 0.0, 10, null, null, 3, null, List.of(
        new AugmentationSpec("rotation", 15.0, 1.0), new AugmentationSpec("shift", 2.0, 0.5),
        new AugmentationSpec("gaussian-noise", null, 0.5)));
    FineTuneSpec plain = new FineTuneSpec(2, 32, 1e-3, 0.0, 10, null, null, 3, null, null);
    Stages a = new Stages(work.resolve("store-a"), Duration.ofHours(1));
    Stages b = new Stages(work.resolve("store-b"), Duration.ofHours(1));
    StageResult scratchA = a.training.adapt(RUN, PRETRAIN, ADAPT.unfrozen(), data, null);
    StageResult scratchB = b.training.adapt(RUN, PRETRAIN, ADAPT.unfrozen(), data, null);

    StageResult one = a.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT.unfrozen(), augmented, data, scratchA);
    StageResult two = b.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT.unfrozen(), augmented, data, scratchB);
    StageResult without = a.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT.unfrozen(), plain, data, scratchA);

    assertEquals(one.artifact("model").sha256(), two.artifact("model").sha256(), "same seed, same augmented batches");
    assertNotEquals(one.artifact("model").sha256(), without.artifact("model").sha256());
    assertNotEquals(one.metrics().get("trainLoss"), without.metrics().get("trainLoss"));
  }

  @Test
  void pseudoLabellingFineTunesReproduciblyOnUnlabeledImagesAndReportsItsConfidentShare() {
    FineTuneSpec semiSupervised = new FineTuneSpec(2, 16, 1e-3, 0.0, 10, null, null, 3, null,
        List.of(new AugmentationSpec("shift", 2.0, 0.5)), null, null,
        new UnlabeledSpec(null, 0.5, 2, null, null));
    // reading the unlabeled training split comes before the first step's heartbeat
    Stages a = new Stages(work.resolve("store-a"), Duration.ofHours(1), options(Duration.ofSeconds(30)));
    Stages b = new Stages(work.resolve("store-b"), Duration.ofHours(1), options(Duration.ofSeconds(30)));
    StageResult pretrained = a.training.pretrain(RUN, PRETRAIN, data);
    StageResult adaptedA = a.training.adapt(RUN, PRETRAIN, ADAPT, data, pretrained);
    StageResult adaptedB = b.training.adapt(RUN, PRETRAIN, ADAPT, data, pretrained);

    StageResult one = a.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT, semiSupervised, data, adaptedA);
    StageResult two = b.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT, semiSupervised, data, adaptedB);
    StageResult labeledOnly =
        a.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT, semiSupervised.labeledOnly(), data, adaptedA);

    assertEquals(one.artifact("model").sha256(), two.artifact("model").sha256(), "same seed, same unlabeled draws");
    assertNotEquals(one.artifact("model").sha256(), labeledOnly.artifact("model").sha256());
    double share = one.metrics().get("pseudoLabelShare");
    assertTrue(share >= 0 && share <= 1, "a share of the unlabeled images drawn: " + share);
    assertFalse(labeledOnly.metrics().containsKey("pseudoLabelShare"));
  }

  @Test
  void frozenLayersKeepTheirAdaptedWeightsAndLayerDecaySlowsTheLowerLayers() throws Exception {
    Stages stages = new Stages(work.resolve("store"), Duration.ofHours(1));
    StageResult pretrained = stages.training.pretrain(RUN, PRETRAIN, data);
    AdaptSpec freezeFirst = new AdaptSpec(0, 0.0, false, List.of("encoder.0"));
    StageResult adapted = stages.training.adapt(RUN, PRETRAIN, freezeFirst, data, pretrained);
    FineTuneSpec fineTune = new FineTuneSpec(2, 32, 1e-2, 0.0, 10, null, null, 3, null, null);
    FineTuneSpec decayed = new FineTuneSpec(2, 32, 1e-2, 0.0, 10, null, null, 3, 1e-3, null);

    Map<String, float[]> before = weights(freezeFirst, adapted);
    Map<String, float[]> frozen = weights(freezeFirst,
        stages.training.fineTune(RUN, PRETRAIN.encoder(), freezeFirst, fineTune, data, adapted));
    Map<String, float[]> slowed = weights(freezeFirst,
        stages.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT, decayed, data, adapted));

    assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias", "head.0.weight",
        "head.0.bias"), List.copyOf(before.keySet()), "exported tensors carry the layer names");
    assertEquals(0.0, change(before, frozen, "encoder.0.weight"), "a frozen layer does not move");
    assertTrue(change(before, frozen, "encoder.1.weight") > 1e-3, "the layer above it trains");
    // head at 1e-2, encoder.1 at 1e-5, encoder.0 at 1e-8: Adam's steps scale with the rate
    double head = change(before, slowed, "head.0.weight");
    double lowest = change(before, slowed, "encoder.0.weight");
    assertTrue(lowest < head * 1e-3, "encoder.0 moved " + lowest + ", the head " + head);
  }

  @Test
  void loraFineTuningStartsFromThePretrainedEncoderAndTrainsOnlyAdaptersAndHead() throws Exception {
    Stages stages = new Stages(work.resolve("store"), Duration.ofHours(1));
    StageResult pretrained = stages.training.pretrain(RUN, PRETRAIN, data);
    AdaptSpec lora = new AdaptSpec(0, 0.0, false, null, new LoraSpec(4, null, null));
    StageResult plainAdapted = stages.training.adapt(RUN, PRETRAIN, ADAPT, data, pretrained);
    StageResult loraAdapted = stages.training.adapt(RUN, PRETRAIN, lora, data, pretrained);
    FineTuneSpec fineTune = new FineTuneSpec(2, 32, 1e-2, 0.0, 10, null, null, 3, null, null);

    StageResult full = stages.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT, fineTune, data, plainAdapted);
    StageResult adapted = stages.training.fineTune(RUN, PRETRAIN.encoder(), lora, fineTune, data, loraAdapted);

    Map<String, float[]> encoder = weights(ADAPT, plainAdapted);
    Map<String, float[]> start = weights(lora, loraAdapted);
    Map<String, float[]> tuned = weights(lora, adapted);
    // B starts at zero: the adapted model is the pretrained encoder exactly; training moves the merged weights
    assertEquals(0.0, change(encoder, start, "encoder.0.weight"));
    assertTrue(change(start, tuned, "encoder.0.weight") > 1e-4, "the adapters learned nothing");
    // 784x64 + 64x16 encoder weights and their biases stay fixed; rank-4 adapters (4x784 + 64x4 + 4x64 + 16x4) learn
    double trainable = adapted.metrics().get("trainableParameters");
    assertEquals(4 * 784 + 64 * 4 + 4 * 64 + 16 * 4 + 16 * 10 + 10, trainable);
    assertTrue(trainable < full.metrics().get("trainableParameters") / 10);
  }

  @Test
  void aResidualCnnPretrainsAdaptsWithLoraOnItsLatentLayerAndFineTunes() throws Exception {
    PretrainSpec cnn = new PretrainSpec(null, List.of(32), 16, "masking", 0.3, 1, 32, 1e-3, null, null, 3,
        PretrainSpec.RESIDUAL_CNN, List.of(4, 8), null, null);
    AdaptSpec lora = new AdaptSpec(0, 0.0, false, List.of("encoder.0"), new LoraSpec(2, null, List.of("encoder.*")));
    Stages stages = new Stages(work.resolve("store"), Duration.ofHours(1));

    StageResult pretrained = stages.training.pretrain(RUN, cnn, data);
    StageResult adapted = stages.training.adapt(RUN, cnn, lora, data, pretrained);
    StageResult tuned = stages.training.fineTune(RUN, cnn.encoder(), lora, FINE_TUNE, data, adapted);
    StageResult evaluated =
        stages.evaluation.evaluate(RUN, cnn.encoder(), lora, data, Map.of("pretrained", tuned), List.of());

    assertTrue(Double.isFinite(pretrained.metrics().get("trainLoss")), pretrained.metrics().toString());
    double accuracy = evaluated.metrics().get("pretrained.accuracy");
    assertTrue(accuracy >= 0 && accuracy <= 1, evaluated.metrics().toString());
    List<String> tensors = List.copyOf(weights(cnn, lora, tuned).keySet());
    // stem, two residual stages, then the latent projection (adapted, exported merged) and the head
    assertEquals("encoder.3.weight", tensors.get(tensors.size() - 4), tensors.toString());
    assertTrue(tensors.stream().anyMatch(t -> t.startsWith("encoder.2.") && t.contains("shortcut")), tensors.toString());
    assertTrue(tensors.stream().noneMatch(t -> t.contains("lora")), tensors.toString());
  }

  @Test
  void anArchitecturePluginPretrainsAdaptsFineTunesAndExports() throws Exception {
    PretrainSpec lenet = new PretrainSpec(null, List.of(32), 16, "masking", 0.3, 1, 32, 1e-3, null, null, 3,
        "lenet", null, null, null);
    AdaptSpec adapt = new AdaptSpec(0, 0.0, false, List.of("encoder.0"), new LoraSpec(2, null, List.of("encoder.2")));
    Stages stages = new Stages(work.resolve("store"), Duration.ofHours(1));

    StageResult pretrained = stages.training.pretrain(RUN, lenet, data);
    StageResult adapted = stages.training.adapt(RUN, lenet, adapt, data, pretrained);
    StageResult tuned = stages.training.fineTune(RUN, lenet.encoder(), adapt, FINE_TUNE, data, adapted);
    StageResult evaluated =
        stages.evaluation.evaluate(RUN, lenet.encoder(), adapt, data, Map.of("pretrained", tuned), List.of());

    assertTrue(Double.isFinite(pretrained.metrics().get("trainLoss")), pretrained.metrics().toString());
    assertTrue(evaluated.metrics().get("pretrained.accuracy") >= 0, evaluated.metrics().toString());
    Map<String, float[]> before = weights(lenet, adapt, adapted);
    Map<String, float[]> after = weights(lenet, adapt, tuned);
    // conv, conv, the latent layer (adapted, exported merged), then the head
    assertEquals(List.of("encoder.0", "encoder.1", "encoder.2", "head.0"),
        after.keySet().stream().map(t -> t.substring(0, t.lastIndexOf('.'))).distinct().toList());
    String firstConvolution = after.keySet().stream().filter(t -> t.startsWith("encoder.0.")).findFirst().orElseThrow();
    String secondConvolution = after.keySet().stream().filter(t -> t.startsWith("encoder.1.")).findFirst().orElseThrow();
    assertEquals(0.0, change(before, after, firstConvolution), "the glob froze the first convolution");
    assertTrue(change(before, after, secondConvolution) > 0, "the second convolution trained");
  }

  private Map<String, float[]> weights(AdaptSpec adapt, StageResult stage) throws IOException {
    return weights(PRETRAIN, adapt, stage);
  }

  private Map<String, float[]> weights(PretrainSpec architecture, AdaptSpec adapt, StageResult stage)
      throws IOException {
    Path file = Path.of(URI.create(stage.artifact("model").uri()));
    try (TrainedClassifier classifier = TrainedClassifier.load(
        new Classifier(architecture.encoder(), adapt, 10, ImageGeometry.of(data)), file)) {
      Map<String, float[]> byName = new LinkedHashMap<>();
      classifier.tensors().forEach(t -> byName.put(t.name(), t.values()));
      return byName;
    }
  }

  /** The largest absolute change of any element of one tensor. */
  private static double change(Map<String, float[]> before, Map<String, float[]> after, String tensor) {
    float[] a = before.get(tensor);
    float[] b = after.get(tensor);
    double largest = 0;
    for (int i = 0; i < a.length; i++) {
      largest = Math.max(largest, Math.abs(a[i] - b[i]));
    }
    return largest;
  }

  @Test
  void pretrainingIsDeterministicOnTheCpuForTheSameSeed() {
    StageResult one = new Stages(work.resolve("store-a"), Duration.ofHours(1)).training.pretrain(RUN, PRETRAIN, data);
    StageResult two = new Stages(work.resolve("store-b"), Duration.ofHours(1)).training.pretrain(RUN, PRETRAIN, data);

    assertFalse(two.cacheHit(), "a fresh store trains again");
    assertEquals(one.artifact("encoder").sha256(), two.artifact("encoder").sha256());
    assertEquals(one.artifact("autoencoder").sha256(), two.artifact("autoencoder").sha256());
    assertEquals(one.metrics().get("trainLoss"), two.metrics().get("trainLoss"));
  }

  /**
   * MKL reduces in an order that depends on its operands' memory alignment on AVX-512 unless strict reproducibility
   * is on; native and direct-buffer allocations of odd sizes between two trainings move where the second one's
   * tensors land, so on such a processor this fails without {@link ReproducibleKernels#REQUIRED} in the environment.
   */
  @Test
  void twoTrainingsWithAllocationsBetweenThemThatShiftAlignmentGiveTheSameWeights() {
    assertTrue(ReproducibleKernels.reproducible(System.getenv()), ReproducibleKernels.describe(System.getenv()));
    StageResult first = new Stages(work.resolve("store-a"), Duration.ofHours(1)).training.pretrain(RUN, PRETRAIN, data);

    List<Object> held = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int size = 1; size <= 37; size += 3) {
        held.add(ByteBuffer.allocateDirect(size * 4 + 4));
        held.add(manager.ones(new Shape(size)));
      }
      StageResult second =
          new Stages(work.resolve("store-b"), Duration.ofHours(1)).training.pretrain(RUN, PRETRAIN, data);

      assertEquals(first.artifact("encoder").sha256(), second.artifact("encoder").sha256());
      assertEquals(first.metrics().get("trainLoss"), second.metrics().get("trainLoss"));
      // the allocations must stay where they are until the second training has ended
      Reference.reachabilityFence(held);
    }
  }

  @Test
  void twoTrainingsSharingAWorkerTakeTurnsAndBothFinish() throws Exception {
    Stages a = new Stages(work.resolve("store-a"), Duration.ofHours(1), options(Duration.ofMinutes(1)));
    Stages b = new Stages(work.resolve("store-b"), Duration.ofHours(1), options(Duration.ofMinutes(1)));
    ExecutorService slots = Executors.newFixedThreadPool(2);
    try {
      Future<StageResult> first = slots.submit(() -> a.training.pretrain(RUN, THREE_EPOCHS, data));
      Future<StageResult> second = slots.submit(() -> b.training.pretrain(RUN, THREE_EPOCHS, data));

      assertTrue(Double.isFinite(first.get().metrics().get("trainLoss")));
      assertTrue(Double.isFinite(second.get().metrics().get("trainLoss")));
    } finally {
      slots.shutdownNow();
    }
  }

  @Test
  void divergingLossFailsWithoutRetryNamingTheStageEpochAndStep() {
    // a learning rate of 1e6 does not do it: the sigmoid output keeps the loss finite; 1e30 overflows at step 2
    PretrainSpec diverging = new PretrainSpec(null, List.of(64), 16, "masking", 0.3, 2, 64, 1e30, null, null, 5);
    Stages stages = new Stages(work.resolve("store"), Duration.ofHours(1));

    ActivityFailure failure =
        assertThrows(ActivityFailure.class, () -> stages.training.pretrain(RUN, diverging, data));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable());
    assertEquals("NonFiniteLoss", cause.getType());
    String message = cause.getOriginalMessage();
    assertTrue(message.matches("pretrain: the loss became (NaN|-?Infinity) at epoch 1, step \\d+; .*"), message);
  }

  /** The first heartbeat of an uninterrupted three-epoch pretrain that names the checkpoint saved after epoch 1. */
  private TrainingProgress checkpointAfterEpochOne(Stages stages) {
    List<TrainingProgress> beats = stages.recordHeartbeats();
    stages.training.pretrain(RUN, THREE_EPOCHS, data);
    return beats.stream()
        .filter(p -> p.checkpoint() != null && p.checkpointEpoch() == 1)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no heartbeat carried the epoch-1 checkpoint: " + beats));
  }

  @Test
  void heartbeatsNameACheckpointAfterEveryEpochButTheLast() {
    Stages stages = new Stages(work.resolve("store"), Duration.ZERO);
    List<TrainingProgress> beats = stages.recordHeartbeats();

    StageResult result = stages.training.pretrain(RUN, THREE_EPOCHS, data);

    List<TrainingProgress> checkpoints = beats.stream().filter(p -> p.checkpoint() != null).toList();
    assertEquals(List.of(1, 2), checkpoints.stream().map(TrainingProgress::checkpointEpoch).distinct().toList());
    TrainingProgress first = checkpoints.get(0);
    assertEquals(2, first.epoch(), "the epoch being trained next");
    assertEquals(3, first.totalEpochs());
    assertEquals(5, first.step(), "five capped batches in epoch 1");
    assertTrue(Double.isFinite(first.loss()) && first.loss() > 0, "mean loss of epoch 1: " + first.loss());
    assertTrue(first.samplesPerSecond() > 0);
    assertEquals("checkpoint", first.checkpoint().kind());
    assertTrue(first.checkpoint().uri().endsWith(
        "/stages/pretrain/" + result.cacheKey() + "/checkpoints/epoch-0001.zip"), first.checkpoint().uri());
  }

  @Test
  void aRetriedPretrainResumesAtTheEpochAfterItsHeartbeatsCheckpoint() {
    TrainingProgress afterEpochOne = checkpointAfterEpochOne(new Stages(work.resolve("store-first"), Duration.ZERO));

    // a fresh store, so the stage cache does not answer; the checkpoint's file: URI still points into the first one
    Stages retry = new Stages(work.resolve("store-retry"), Duration.ZERO);
    retry.env.setHeartbeatDetails(afterEpochOne);
    List<TrainingProgress> beats = retry.recordHeartbeats();
    StageResult resumed = retry.training.pretrain(RUN, THREE_EPOCHS, data);

    assertFalse(resumed.cacheHit());
    assertFalse(beats.isEmpty());
    assertTrue(beats.stream().allMatch(p -> p.epoch() >= 2), "no heartbeat from epoch 1: " + beats);
    assertEquals(2, beats.get(0).epoch(), beats.toString());
    assertEquals(6, beats.get(0).step(), "the step count goes on from the checkpoint's 5: " + beats);
    TrainingProgress saved = beats.stream().filter(p -> p.checkpoint() != null).findFirst().orElseThrow();
    assertEquals(2, saved.checkpointEpoch(), "epoch 1 is not saved again: " + beats);
    assertEquals(10, saved.step(), beats.toString());
    assertTrue(beats.stream().mapToLong(TrainingProgress::step).max().orElseThrow() <= 15, beats.toString());
    assertEquals(3.0, resumed.metrics().get("epochs"));
    assertTrue(Double.isFinite(resumed.metrics().get("validationLoss")));
  }

  @Test
  void aResumeReadsTheCheckpointAndRefusesOneWhoseContentChanged() {
    TrainingProgress afterEpochOne = checkpointAfterEpochOne(new Stages(work.resolve("store-first"), Duration.ZERO));
    ArtifactRef saved = afterEpochOne.checkpoint();
    ArtifactRef tampered = new ArtifactRef(saved.uri(), "0".repeat(64), saved.sizeBytes(), saved.kind());

    Stages retry = new Stages(work.resolve("store-retry"), Duration.ZERO);
    retry.env.setHeartbeatDetails(new TrainingProgress(afterEpochOne.epoch(), afterEpochOne.totalEpochs(),
        afterEpochOne.step(), afterEpochOne.loss(), afterEpochOne.samplesPerSecond(), tampered, 1));

    ActivityFailure failure =
        assertThrows(ActivityFailure.class, () -> retry.training.pretrain(RUN, THREE_EPOCHS, data));
    assertTrue(String.valueOf(failure.getCause().getMessage()).contains("epoch-0001.zip"),
        String.valueOf(failure.getCause()));
  }

  /** Checkpoints carry the weights, Adam's moments and step counts; batch order and noise are seeded per epoch. */
  @Test
  void aResumedPretrainEndsWithTheSameEncoderAsAnUninterruptedOne() {
    Stages uninterrupted = new Stages(work.resolve("store-first"), Duration.ZERO);
    TrainingProgress afterEpochOne = checkpointAfterEpochOne(uninterrupted);
    StageResult full = uninterrupted.training.pretrain(RUN, THREE_EPOCHS, data);

    Stages retry = new Stages(work.resolve("store-retry"), Duration.ZERO);
    retry.env.setHeartbeatDetails(afterEpochOne);
    StageResult resumed = retry.training.pretrain(RUN, THREE_EPOCHS, data);

    assertTrue(full.cacheHit(), "the uninterrupted result, as the first call stored it");
    assertEquals(full.artifact("encoder").sha256(), resumed.artifact("encoder").sha256());
  }

  /**
   * Fine-tuning's epoch listeners checkpoint the history and early stopping's best epoch and weights: a resumed
   * fine-tune ends where an uninterrupted one does.
   */
  @Test
  void aResumedFineTuneEndsWithTheSameModelAndHistoryAsAnUninterruptedOne() {
    Stages uninterrupted = new Stages(work.resolve("store-first"), Duration.ZERO);
    StageResult adapted = uninterrupted.training.adapt(RUN, PRETRAIN, ADAPT.unfrozen(), data, null);
    List<TrainingProgress> beats = uninterrupted.recordHeartbeats();
    StageResult full =
        uninterrupted.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT.unfrozen(), FINE_TUNE, data, adapted);
    TrainingProgress afterEpochOne = beats.stream().filter(p -> p.checkpoint() != null && p.checkpointEpoch() == 1)
        .findFirst().orElseThrow(() -> new AssertionError("no epoch-1 checkpoint: " + beats));

    Stages retry = new Stages(work.resolve("store-retry"), Duration.ZERO);
    StageResult adaptedAgain = retry.training.adapt(RUN, PRETRAIN, ADAPT.unfrozen(), data, null);
    retry.env.setHeartbeatDetails(afterEpochOne);
    StageResult resumed =
        retry.training.fineTune(RUN, PRETRAIN.encoder(), ADAPT.unfrozen(), FINE_TUNE, data, adaptedAgain);

    assertFalse(resumed.cacheHit());
    assertEquals(full.artifact(Artifacts.MODEL).sha256(), resumed.artifact(Artifacts.MODEL).sha256());
    assertEquals(full.artifact(Artifacts.HISTORY).sha256(), resumed.artifact(Artifacts.HISTORY).sha256());
    assertEquals(full.metrics(), resumed.metrics());
  }

  private static List<String> sortedNames(StageResult result) {
    return result.artifacts().keySet().stream().sorted().toList();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
