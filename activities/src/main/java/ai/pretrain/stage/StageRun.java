package ai.pretrain.stage;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.logs.StageLog;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.storage.ArtifactStore;
import ai.pretrain.storage.Lineage;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One execution of a stage inside an activity: a scratch directory for its files, and uploads that land under the
 * stage's cache key with a lineage manifest naming the run, the inputs and the config.
 */
public final class StageRun implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper JSON_INPUTS =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final ArtifactStore store;
  private final StageCache cache;
  private final RunContext run;
  private final String stage;
  private final CacheKey cacheKey;
  private final String key;
  private final String cacheNote;
  private final StageLog log;
  private final List<ArtifactRef> inputs;
  private final Map<String, Object> parameters;
  private final Path workspace;

  StageRun(ArtifactStore store, StageCache cache, RunContext run, CacheKey cacheKey, Object config,
      List<ArtifactRef> inputs, String cacheNote, StageLog log) throws IOException {
    this.store = store;
    this.cache = cache;
    this.run = run;
    this.stage = cacheKey.stage();
    this.cacheKey = cacheKey;
    this.key = cacheKey.hash();
    this.cacheNote = cacheNote;
    this.log = log;
    this.inputs = inputs;
    this.parameters = JSON.convertValue(config, new TypeReference<>() {});
    this.workspace = Files.createTempDirectory("pretrain-" + stage + "-");
  }

  public String key() {
    return key;
  }

  /** The stage's name, as its logs and artifact keys use it. */
  public String stage() {
    return stage;
  }

  /** The stage's log, kept with the run in the store. */
  public StageLog log() {
    return log;
  }

  public Path workspace() {
    return workspace;
  }

  /** Uploads a file produced by this stage as {@code name}. */
  public ArtifactRef upload(String name, Path file, String kind) {
    return store.put(StageCache.objectKey(stage, key, name), file, kind, lineage());
  }

  /** Uploads a small in-memory result (a table, a report) as {@code name}. */
  public ArtifactRef upload(String name, byte[] content, String kind) {
    return store.put(StageCache.objectKey(stage, key, name), content, kind, lineage());
  }

  /** Downloads an input artifact into the workspace, verifying its sha256. */
  public Path download(ArtifactRef ref, String fileName) {
    Path target = workspace.resolve(fileName);
    store.download(ref, target);
    return target;
  }

  /** Reads an input artifact holding JSON as {@code type} (fields it does not know are ignored), sha256-verified. */
  public <T> T readJson(ArtifactRef ref, String fileName, Class<T> type) throws IOException {
    Path file = download(ref, fileName);
    try {
      return JSON_INPUTS.readValue(Files.readAllBytes(file), type);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Publishes the stage's outputs; only now does a later run see them in the cache. */
  public StageResult complete(Map<String, ArtifactRef> artifacts, Map<String, Double> metrics) {
    return cache.publish(cacheKey,
        new StageResult(stage, Map.copyOf(artifacts), Map.copyOf(metrics), false, key, cacheNote), lineage());
  }

  private Lineage lineage() {
    return new Lineage(stage, run.runId(), inputs, parameters, CodeVersion.current(), Instant.now().toString());
  }

  StageResult perform(StageRunner.Work work) {
    try {
      return work.perform(this);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw io.temporal.activity.Activity.wrap(e);
    }
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> files = Files.walk(workspace)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
