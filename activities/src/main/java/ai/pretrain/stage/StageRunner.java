package ai.pretrain.stage;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.logs.StageLog;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.storage.ArtifactStore;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs a stage's work unless the stage cache already holds its result for the same key. */
public final class StageRunner {

  /** The body of a stage: produces its artifacts through the given {@link StageRun}. */
  @FunctionalInterface
  public interface Work {
    StageResult perform(StageRun stage) throws Exception;
  }

  private static final Duration LOG_FLUSH_INTERVAL = Duration.ofSeconds(2);

  private final ArtifactStore store;
  private final StageCache cache;

  public StageRunner(ArtifactStore store) {
    this.store = store;
    this.cache = new StageCache(store);
  }

  public ArtifactStore store() {
    return store;
  }

  /**
   * The cached result if there is one (unless the run forces this stage to run again), else the result of
   * {@code work}, which says why it missed. {@code config} is everything that decides the outputs besides the inputs'
   * content (seed included); it is hashed canonically into the key.
   */
  public StageResult run(RunContext run, String stage, Object config, List<ArtifactRef> inputs, Work work) {
    CacheKey key = CacheKey.of(stage, config, inputs);
    try (StageLog log = new StageLog(store, run.runId(), stage, attempt(), CodeVersion.current(), LOG_FLUSH_INTERVAL)) {
      log.info("started, cache key " + key.hash() + ", attempt " + attempt());
      String note;
      if (run.forcesRerun(stage)) {
        note = "cache bypassed: the spec asks to rerun " + stage + "; its outputs replace those under key "
            + key.hash();
      } else {
        Optional<StageResult> cached = cache.lookup(key);
        if (cached.isPresent()) {
          log.info(cached.get().cacheNote());
          return cached.get();
        }
        note = cache.explainMiss(key);
      }
      log.info(note);
      try (StageRun execution = new StageRun(store, cache, run, key, config, inputs, note, log)) {
        StageResult result = execution.perform(work);
        log.info("completed: " + result.metrics());
        return result;
      } catch (IOException e) {
        throw Activity.wrap(e);
      } catch (RuntimeException e) {
        log.info("failed: " + e.getMessage());
        throw e;
      }
    }
  }

  /** The attempt of the activity this stage runs in; 1 outside Temporal (direct calls in tests and tools). */
  private static int attempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (IllegalStateException notInAnActivity) {
      return 1;
    }
  }
}
