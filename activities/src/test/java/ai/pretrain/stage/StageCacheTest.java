package ai.pretrain.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.storage.LocalArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCacheTest {

  private static final RunContext RUN = new RunContext("run-1", "cache-test", 7);
  private static final List<ArtifactRef> INPUTS = List.of(
      new ArtifactRef("file:///data/a.ptds", "aa11", 10, "dataset-shard"),
      new ArtifactRef("file:///data/b.ptds", "bb22", 20, "dataset-shard"));

  @TempDir Path root;

  private LocalArtifactStore store;
  private StageRunner runner;

  @BeforeEach
  void setUp() {
    store = new LocalArtifactStore(root);
    runner = new StageRunner(store);
  }

  private static Map<String, Object> config(Object... keysAndValues) {
    Map<String, Object> config = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      config.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return config;
  }

  @Test
  void keyIsTheSameForEqualConfigsWhateverTheMapOrder() {
    PrepSpec prep = new PrepSpec(0.1, 0.2, 0.05, 100);
    String key = CacheKey.of("prepareData", config("prep", prep, "seed", 7L, "dataset", "mnist"), INPUTS).hash();

    assertEquals(key, CacheKey.of("prepareData", config("dataset", "mnist", "seed", 7L, "prep", prep), INPUTS).hash());
    assertEquals(key, CacheKey.of("prepareData",
        config("seed", 7L, "dataset", "mnist", "prep", new PrepSpec(0.1, 0.2, 0.05, 100)), INPUTS).hash());
    assertEquals(32, key.length());
    assertTrue(key.matches("[0-9a-f]+"), key);
  }

  @Test
  void keyDependsOnlyOnInputContentNotWhereItLives() {
    List<ArtifactRef> moved = List.of(
        new ArtifactRef("s3://bucket/a.ptds", "aa11", 10, "dataset-shard"),
        new ArtifactRef("s3://bucket/b.ptds", "bb22", 20, "dataset-shard"));

    assertEquals(CacheKey.of("pretrain", config("seed", 7L), INPUTS).hash(),
        CacheKey.of("pretrain", config("seed", 7L), moved).hash());
  }

  @Test
  void keyChangesWithAConfigFieldAnInputHashOrTheStage() {
    Map<String, Object> config = config("prep", new PrepSpec(0.1, 0.2, 0.05, 100), "seed", 7L);
    String key = CacheKey.of("prepareData", config, INPUTS).hash();

    assertNotEquals(key, CacheKey.of("prepareData",
        config("prep", new PrepSpec(0.1, 0.2, 0.06, 100), "seed", 7L), INPUTS).hash(), "a nested config field");
    assertNotEquals(key, CacheKey.of("prepareData",
        config("prep", new PrepSpec(0.1, 0.2, 0.05, 100), "seed", 8L), INPUTS).hash(), "the seed");
    assertNotEquals(key, CacheKey.of("prepareData", config, List.of(INPUTS.get(0),
        new ArtifactRef("file:///data/b.ptds", "bb23", 20, "dataset-shard"))).hash(), "an input's sha256");
    assertNotEquals(key, CacheKey.of("prepareData", config, List.of(INPUTS.get(1), INPUTS.get(0))).hash(),
        "the inputs' order");
    assertNotEquals(key, CacheKey.of("pretrain", config, INPUTS).hash(), "the stage");
  }

  @Test
  void secondRunWithTheSameKeyReturnsTheStoredResultWithoutWorking() {
    AtomicInteger calls = new AtomicInteger();
    StageRunner.Work work = stage -> {
      calls.incrementAndGet();
      ArtifactRef out = stage.upload("out.txt", "hello".getBytes(StandardCharsets.UTF_8), "metrics");
      return stage.complete(Map.of("out", out), Map.of("loss", 0.25));
    };

    StageResult first = runner.run(RUN, "pretrain", config("seed", 7L), INPUTS, work);
    StageResult second = runner.run(RUN, "pretrain", config("seed", 7L), INPUTS, work);

    assertEquals(1, calls.get());
    assertFalse(first.cacheHit());
    assertTrue(second.cacheHit());
    assertEquals(first.cacheKey(), second.cacheKey());
    assertEquals(CacheKey.of("pretrain", config("seed", 7L), INPUTS).hash(), first.cacheKey());
    assertEquals("pretrain", second.stage());
    assertEquals(first.artifacts(), second.artifacts());
    assertEquals(Map.of("loss", 0.25), second.metrics());
    assertTrue(Files.isRegularFile(root.resolve(StageCache.objectKey("pretrain", first.cacheKey(), "out.txt"))));
  }

  @Test
  void aDifferentConfigRunsTheWorkAgain() {
    AtomicInteger calls = new AtomicInteger();
    StageRunner.Work work = stage -> {
      calls.incrementAndGet();
      return stage.complete(Map.of(), Map.of());
    };

    runner.run(RUN, "pretrain", config("seed", 7L), INPUTS, work);
    StageResult other = runner.run(RUN, "pretrain", config("seed", 8L), INPUTS, work);

    assertEquals(2, calls.get());
    assertFalse(other.cacheHit());
  }

  @Test
  void aFailedRunLeavesNoManifestSoTheNextRunWorksAgain() {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("boom");
    StageRunner.Work failing = stage -> {
      calls.incrementAndGet();
      stage.upload("partial.txt", "half".getBytes(StandardCharsets.UTF_8), "checkpoint");
      throw boom;
    };

    assertSame(boom, assertThrows(IllegalStateException.class,
        () -> runner.run(RUN, "pretrain", config("seed", 7L), INPUTS, failing)));

    CacheKey key = CacheKey.of("pretrain", config("seed", 7L), INPUTS);
    assertTrue(store.readSmall(StageCache.objectKey("pretrain", key.hash(), "stage.json")).isEmpty());
    assertTrue(new StageCache(store).lookup(key).isEmpty());
    StageResult retried = runner.run(RUN, "pretrain", config("seed", 7L), INPUTS, stage -> {
      calls.incrementAndGet();
      return stage.complete(Map.of(), Map.of("loss", 1.0));
    });
    assertEquals(2, calls.get());
    assertFalse(retried.cacheHit());
  }

  @Test
  void checkedExceptionsFromTheWorkLeaveWrappedAndTheWorkspaceIsRemoved() {
    AtomicReference<Path> workspace = new AtomicReference<>();

    RuntimeException e = assertThrows(RuntimeException.class,
        () -> runner.run(RUN, "pretrain", config("seed", 7L), INPUTS, stage -> {
          workspace.set(stage.workspace());
          Files.writeString(stage.workspace().resolve("scratch.txt"), "x");
          throw new java.io.IOException("disk full");
        }));

    assertTrue(e.getCause() instanceof java.io.IOException, String.valueOf(e.getCause()));
    assertFalse(Files.exists(workspace.get()), "the scratch directory is deleted");
  }

  @Test
  void manifestRecordsTheLineageOfTheRun() {
    StageResult result = runner.run(RUN, "adapt", config("seed", 7L, "prep", new PrepSpec(null, null, null, null)),
        INPUTS, stage -> stage.complete(Map.of("out",
            stage.upload("out.txt", new byte[] {1}, "model")), Map.of()));

    var lineage = store.lineage(result.artifact("out"));
    assertEquals("adapt", lineage.stage());
    assertEquals("run-1", lineage.runId());
    assertEquals(INPUTS, lineage.inputs());
    assertEquals(7, ((Number) lineage.parameters().get("seed")).intValue());
  }

  @Test
  void aMissNamesTheConfigFieldThatDiffersFromTheClosestEarlierKey(@TempDir Path dir) {
    StageRunner runner = new StageRunner(new LocalArtifactStore(dir));
    Map<String, Object> fineTune = Map.of("learningRate", 0.001, "epochs", 5);
    runner.run(RUN, "fineTune", config("fineTune", fineTune, "seed", 7L), INPUTS,
        stage -> stage.complete(Map.of(), Map.of()));
    runner.run(RUN, "fineTune", config("fineTune", Map.of("learningRate", 0.1, "epochs", 9), "seed", 8L), INPUTS,
        stage -> stage.complete(Map.of(), Map.of()));

    StageResult changed = runner.run(RUN, "fineTune",
        config("fineTune", Map.of("learningRate", 0.003, "epochs", 5), "seed", 7L), INPUTS,
        stage -> stage.complete(Map.of(), Map.of()));

    assertFalse(changed.cacheHit());
    assertEquals("cache miss: differs from earlier key "
        + CacheKey.of("fineTune", config("fineTune", fineTune, "seed", 7L), INPUTS).hash()
        + " in config fineTune.learningRate (0.001 -> 0.003)", changed.cacheNote());
  }

  @Test
  void aMissWithNoEarlierKeySaysSoAndAHitSaysWhichKeyItReused(@TempDir Path dir) {
    StageRunner runner = new StageRunner(new LocalArtifactStore(dir));

    StageResult first = runner.run(RUN, "adapt", config("seed", 7L), INPUTS, stage -> stage.complete(Map.of(), Map.of()));
    StageResult second = runner.run(RUN, "adapt", config("seed", 7L), INPUTS, stage -> stage.complete(Map.of(), Map.of()));

    assertEquals("cache miss: no earlier run of adapt to reuse", first.cacheNote());
    assertEquals("cache hit: reused the outputs stored under key " + first.cacheKey(), second.cacheNote());
  }

  @Test
  void aRerunStageIgnoresTheCacheAndReplacesItsOutputs(@TempDir Path dir) {
    StageRunner runner = new StageRunner(new LocalArtifactStore(dir));
    AtomicInteger calls = new AtomicInteger();
    StageRunner.Work work = stage -> stage.complete(Map.of(), Map.of("calls", (double) calls.incrementAndGet()));
    runner.run(RUN, "pretrain", config("seed", 7L), INPUTS, work);

    RunContext forcing = new RunContext("run-2", "demo", 7L, List.of("pretrain"));
    StageResult rerun = runner.run(forcing, "pretrain", config("seed", 7L), INPUTS, work);
    StageResult later = runner.run(RUN, "pretrain", config("seed", 7L), INPUTS, work);

    assertEquals(2, calls.get());
    assertFalse(rerun.cacheHit());
    assertTrue(rerun.cacheNote().startsWith("cache bypassed: the spec asks to rerun pretrain"), rerun.cacheNote());
    assertTrue(later.cacheHit());
    assertEquals(2.0, later.metrics().get("calls"), "the rerun's outputs replaced the first ones");
  }
}
