package ai.pretrain.api.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.pretrain.pipeline.PipelineProgress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentProgressTest {

  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger queries = new AtomicInteger();

  private PipelineProgress query(String runId) {
    return new PipelineProgress(runId + "#" + queries.incrementAndGet(), List.of(), null);
  }

  @Test
  void readersWithinTheIntervalShareOneQueryAndTheNextIntervalAsksAgain() {
    RecentProgress recent = new RecentProgress(Duration.ofSeconds(1), now::get);

    PipelineProgress first = recent.of("run-a", this::query);
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertSame(first, recent.of("run-a", this::query));
    assertEquals(1, queries.get());

    recent.of("run-b", this::query);
    assertEquals(2, queries.get(), "each run has its own answer");

    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertEquals("run-a#3", recent.of("run-a", this::query).runId());
  }

  @Test
  void aZeroIntervalQueriesEveryTime() {
    RecentProgress recent = new RecentProgress(Duration.ZERO, now::get);
    recent.of("run-a", this::query);
    recent.of("run-a", this::query);
    assertEquals(2, queries.get());
  }
}
