package ai.pretrain.cache;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.storage.ArtifactStore;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Runs a stage's work unless the stage cache already holds its result for the same key. */
public final class StageRunner {

  /** The body of a stage: produces its artifacts through the given {@link StageRun}. */
  @FunctionalInterface
  public interface Work {
    StageResult perform(StageRun stage) throws Exception;
  }

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
    String note;
    if (run.forcesRerun(stage)) {
      note = "cache bypassed: the spec asks to rerun " + stage + "; its outputs replace those under key " + key.hash();
    } else {
      Optional<StageResult> cached = cache.lookup(key);
      if (cached.isPresent()) {
        return cached.get();
      }
      note = cache.explainMiss(key);
    }
    try (StageRun execution = new StageRun(store, cache, run, key, config, inputs, note)) {
      return execution.perform(work);
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
  }
}
