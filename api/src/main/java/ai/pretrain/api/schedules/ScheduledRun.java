package ai.pretrain.api.schedules;

import java.time.Instant;

/** A run a schedule started: when it was due, when it started, and where to follow it. */
public record ScheduledRun(String runId, Instant scheduledAt, Instant startedAt, String self) {}
