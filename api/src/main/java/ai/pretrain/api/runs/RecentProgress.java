package ai.pretrain.api.runs;

import ai.pretrain.pipeline.PipelineProgress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The progress query's answer per running run, reused for a short time. A query travels to the worker that holds the
 * workflow, so without this every status read of a busy run costs the worker a workflow task (bench/api: reads of a
 * running run fell behind at 137 of 200 requests/s); with it, many readers share one query per interval.
 */
final class RecentProgress {

  private static final int MOST_RUNS = 10_000;

  private record Answer(PipelineProgress progress, long expiresAt) {}

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final LongSupplier clock;

  RecentProgress(Duration ttl, LongSupplier clock) {
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
  }

  /** The run's progress from the last {@code ttl}, or a fresh answer from {@code query}. */
  PipelineProgress of(String runId, Function<String, PipelineProgress> query) {
    if (ttlNanos <= 0) {
      return query.apply(runId);
    }
    long now = clock.getAsLong();
    Answer answer = answers.get(runId);
    if (answer != null && answer.expiresAt() - now > 0) {
      return answer.progress();
    }
    PipelineProgress progress = query.apply(runId);
    if (answers.size() >= MOST_RUNS) {
      answers.values().removeIf(a -> a.expiresAt() - now <= 0);
    }
    answers.put(runId, new Answer(progress, now + ttlNanos));
    return progress;
  }
}
