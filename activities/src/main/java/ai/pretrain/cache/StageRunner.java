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
   * The cached result if there is one, else the result of {@code work}. {@code config} is everything that decides the
   * outputs besides the inputs' content (seed included); it is hashed canonically into the key.
   */
  public StageResult run(RunContext run, String stage, Object config, List<ArtifactRef> inputs, Work work) {
    String key = StageCache.key(stage, config, inputs);
    Optional<StageResult> cached = cache.lookup(stage, key);
    if (cached.isPresent()) {
      return cached.get();
    }
    try (StageRun execution = new StageRun(store, cache, run, stage, key, config, inputs)) {
      return execution.perform(work);
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
  }
}
