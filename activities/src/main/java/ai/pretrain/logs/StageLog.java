package ai.pretrain.logs;

import ai.pretrain.artifact.StoreLayout;
import ai.pretrain.storage.ArtifactStore;
import ai.pretrain.storage.Lineage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stage's log kept as part of the run: lines are buffered and written to the store as numbered chunks at most every
 * {@code flushEvery} and when the stage ends, under {@code runs/<run>/logs/<stage>/attempt-<n>/}, so the log outlives
 * the worker that wrote it and can be followed while the stage runs.
 */
public final class StageLog implements AutoCloseable {

  private final ArtifactStore store;
  private final String runId;
  private final String stage;
  private final int attempt;
  private final String codeVersion;
  private final long flushEveryNanos;
  private final StringBuilder pending = new StringBuilder();
  private long lastFlushNanos = System.nanoTime();
  private int chunk;

  public StageLog(ArtifactStore store, String runId, String stage, int attempt, String codeVersion,
      Duration flushEvery) {
    this.store = store;
    this.runId = runId;
    this.stage = stage;
    this.attempt = attempt;
    this.codeVersion = codeVersion;
    this.flushEveryNanos = flushEvery.toNanos();
  }

  /** Where a run's logs for one stage live: one folder per attempt, chunks in order inside. */
  public static String prefix(String runId, String stage) {
    return StoreLayout.stageLogs(runId, stage);
  }

  /** Appends a timestamped line; writes a chunk if the last one is older than the flush interval. */
  public synchronized void info(String line) {
    pending.append(Instant.now()).append(' ').append(stage).append(": ").append(line).append('\n');
    if (System.nanoTime() - lastFlushNanos >= flushEveryNanos) {
      flush();
    }
  }

  /** Writes what is buffered as the next chunk. */
  public synchronized void flush() {
    if (pending.length() == 0) {
      return;
    }
    String key = prefix(runId, stage) + String.format("attempt-%02d/chunk-%06d.log", attempt, chunk++);
    store.put(key, pending.toString().getBytes(StandardCharsets.UTF_8), "log",
        new Lineage(stage, runId, List.of(), Map.of("attempt", attempt), codeVersion, Instant.now().toString()));
    pending.setLength(0);
    lastFlushNanos = System.nanoTime();
  }

  @Override
  public void close() {
    flush();
  }
}
