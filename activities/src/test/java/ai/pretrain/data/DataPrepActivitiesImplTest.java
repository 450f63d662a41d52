package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPrepActivitiesImplTest {

  private static final String DATASET = "synthetic";
  /** 300, 200 and 100 examples of classes 0, 1, 2: unbalanced, so stratification is visible. */
  private static final int[] CLASS_SIZES = {300, 200, 100};
  private static final int EXAMPLES = 600;
  private static final PrepSpec PREP = new PrepSpec(0.1, 0.2, 0.1, 100);

  @TempDir Path work;

  private Path dataRoot;
  private final List<TestActivityEnvironment> environments = new ArrayList<>();

  @BeforeEach
  void writeDataset() throws Exception {
    dataRoot = work.resolve("data");
    Path dir = Files.createDirectories(dataRoot.resolve(DATASET));
    // feature 0 is the example's id, so splits can be checked for overlap after the shuffle
    float[] features = new float[EXAMPLES * 2];
    int[] labels = new int[EXAMPLES];
    int id = 0;
    for (int c = 0; c < CLASS_SIZES.length; c++) {
      for (int k = 0; k < CLASS_SIZES[c]; k++, id++) {
        features[id * 2] = id;
        features[id * 2 + 1] = c;
        labels[id] = c;
      }
    }
    Path shard = dir.resolve(DATASET + ".ptds");
    new ExampleShard(features, labels, 2, CLASS_SIZES.length).write(shard);
    Files.writeString(dir.resolve(DATASET + ".ptds.sha256"), sha256(shard) + "  " + DATASET + ".ptds\n");
  }

  @AfterEach
  void closeEnvironments() {
    environments.forEach(TestActivityEnvironment::close);
  }

  /** A stub on its own activity environment (one registration each) over a store in {@code storeName}. */
  private DataPrepActivities activities(String storeName) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    environments.add(env);
    LocalArtifactStore store = new LocalArtifactStore(work.resolve(storeName));
    env.registerActivitiesImplementations(
        new DataPrepActivitiesImpl(new StageRunner(store), new DatasetCatalog(dataRoot)));
    return env.newActivityStub(DataPrepActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private static RunContext run(long seed) {
    return new RunContext("run-" + seed, "data-prep-test", seed);
  }

  @Test
  void splitsIntoDisjointTrainValidationAndTestOfTheConfiguredSizes() throws IOException {
    PreparedData result = activities("store").prepareData(run(7), new DatasetSpec(DATASET), PREP);

    assertFalse(result.cacheHit());
    assertEquals(List.of("cache-key", "input-encoding", "labeled", "test", "test-examples", "train-000", "train-001", "train-002", "train-003",
        "train-004", "validation"), result.artifacts().keySet().stream().sorted().toList());
    ExampleShard test = read(result.artifact("test"));
    ExampleShard validation = read(result.artifact("validation"));
    ExampleShard train = ExampleShard.concat(result.pretrainingShards().stream().map(this::read).toList());
    assertEquals(120, test.size());
    assertEquals(60, validation.size());
    assertEquals(420, train.size());
    assertEquals(100, read(result.artifact("train-000")).size());
    assertEquals(20, read(result.artifact("train-004")).size());

    Set<Integer> testIds = ids(test);
    Set<Integer> validationIds = ids(validation);
    Set<Integer> trainIds = ids(train);
    assertEquals(120, testIds.size(), "no example twice in test");
    assertEquals(420, trainIds.size(), "no example twice in train");
    assertTrue(disjoint(testIds, validationIds) && disjoint(testIds, trainIds) && disjoint(validationIds, trainIds));
    Set<Integer> all = new HashSet<>(testIds);
    all.addAll(validationIds);
    all.addAll(trainIds);
    assertEquals(EXAMPLES, all.size(), "every example lands in some split");

    assertEquals(Map.of("features", 2.0, "classes", 3.0, "imageHeight", 0.0, "imageWidth", 0.0, "trainExamples", 420.0,
        "labeledExamples", (double) read(result.artifact("labeled")).size(), "validationExamples", 60.0,
        "testExamples", 120.0), result.metrics());
  }

  @Test
  void labeledSampleTakesTheFractionOfEveryClassFromTheTrainingSplit() {
    PreparedData result = activities("store").prepareData(run(7), new DatasetSpec(DATASET), PREP);

    ExampleShard train = ExampleShard.concat(result.pretrainingShards().stream().map(this::read).toList());
    ExampleShard labeled = read(result.artifact("labeled"));
    Map<Integer, Long> trainPerClass = perClass(train);
    Map<Integer, Long> labeledPerClass = perClass(labeled);
    assertEquals(Set.of(0, 1, 2), labeledPerClass.keySet(), "every class has labels");
    trainPerClass.forEach((c, n) -> assertEquals(Math.round(n * 0.1), labeledPerClass.get(c),
        "class " + c + " has " + n + " training examples"));
    assertTrue(ids(train).containsAll(ids(labeled)), "labels come from the training split only");
    for (int i = 0; i < labeled.size(); i++) {
      float[] row = new float[2];
      labeled.copyFeatures(i, row, 0);
      assertEquals(labeled.label(i), (int) row[1], "labels stay with their examples");
    }
  }

  @Test
  void stratifiedSampleKeepsAtLeastOneExampleOfARareClass() {
    int[] labels = new int[103];
    labels[100] = 1;
    labels[101] = 1;
    labels[102] = 2;
    ExampleShard shard = new ExampleShard(new float[103], labels, 1, 4);

    int[] picked = DataPrepActivitiesImpl.stratifiedSample(labels, 4, 0.01, new Random(1));

    ExampleShard sample = shard.select(picked);
    assertEquals(Map.of(0, 1L, 1, 1L, 2, 1L), perClass(sample), "class 3 has no examples to take");
  }

  @Test
  void theSameSeedGivesIdenticalArtifactsAndAnotherSeedDifferentOnes() {
    PreparedData first = activities("store-a").prepareData(run(7), new DatasetSpec(DATASET), PREP);
    PreparedData again = activities("store-b").prepareData(run(7), new DatasetSpec(DATASET), PREP);
    PreparedData otherSeed = activities("store-c").prepareData(run(8), new DatasetSpec(DATASET), PREP);

    assertFalse(again.cacheHit(), "a fresh store computes the split again");
    assertNotEquals(first.artifact("test").uri(), again.artifact("test").uri());
    assertEquals(hashes(first), hashes(again));
    assertEquals(first.cacheKey(), again.cacheKey());
    Map<String, String> other = hashes(otherSeed);
    // the synthetic pixels keep their scale, so their input encoding holds no statistics a split could change
    hashes(first).forEach((name, sha) -> {
      if (!name.equals("input-encoding")) {
        assertNotEquals(sha, other.get(name), name);
      }
    });
    assertEquals(hashes(first).get("input-encoding"), other.get("input-encoding"));
    assertNotEquals(first.cacheKey(), otherSeed.cacheKey());
  }

  @Test
  void aSecondRunInTheSameStoreIsACacheHit() {
    DataPrepActivities activities = activities("store");
    PreparedData first = activities.prepareData(run(7), new DatasetSpec(DATASET), PREP);
    PreparedData second = activities.prepareData(run(7), new DatasetSpec(DATASET), PREP);

    assertTrue(second.cacheHit());
    assertEquals(first.artifacts(), second.artifacts());
    assertEquals(first.metrics(), second.metrics());
  }

  @Test
  void aMissingDatasetFailsWithoutRetrySayingHowToFetchIt() throws IOException {
    Files.delete(dataRoot.resolve(DATASET).resolve(DATASET + ".ptds"));
    ActivityFailure failure = assertThrows(ActivityFailure.class,
        () -> activities("store").prepareData(run(7), new DatasetSpec(DATASET), PREP));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable());
    assertEquals("DatasetMissing", cause.getType());
    assertTrue(cause.getOriginalMessage().contains("scripts/fetch-data.sh"), cause.getOriginalMessage());
    assertTrue(cause.getOriginalMessage().contains("synthetic.ptds is missing"), cause.getOriginalMessage());
  }

  @Test
  void anUnknownDatasetFailsWithoutRetryListingTheInstalledReaders() {
    ActivityFailure failure = assertThrows(ActivityFailure.class,
        () -> activities("store").prepareData(run(7), new DatasetSpec("cifar10"), PREP));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable());
    assertEquals("UnknownPlugin", cause.getType());
    assertTrue(cause.getOriginalMessage().contains(
        "unknown dataset 'cifar10'; installed: breast-cancer, diabetes, iris, mnist, synthetic, wine"),
        cause.getOriginalMessage());
  }

  private ExampleShard read(ArtifactRef ref) {
    try (InputStream in = new LocalArtifactStore(work).open(ref)) {
      return ExampleShard.read(in);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + ref.uri(), e);
    }
  }

  private static Map<String, String> hashes(PreparedData result) {
    return result.artifacts().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sha256(), (a, b) -> a, TreeMap::new));
  }

  private static Set<Integer> ids(ExampleShard shard) {
    Set<Integer> ids = new HashSet<>();
    float[] row = new float[shard.featureCount()];
    for (int i = 0; i < shard.size(); i++) {
      shard.copyFeatures(i, row, 0);
      ids.add((int) row[0]);
    }
    return ids;
  }

  private static Map<Integer, Long> perClass(ExampleShard shard) {
    Map<Integer, Long> counts = new TreeMap<>();
    for (int i = 0; i < shard.size(); i++) {
      counts.merge(shard.label(i), 1L, Long::sum);
    }
    return counts;
  }

  private static boolean disjoint(Set<Integer> a, Set<Integer> b) {
    return a.stream().noneMatch(b::contains);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
