package ai.pretrain.api.runs;

import java.time.Instant;

/** One run in a list: enough to pick it out, with the link to its full view. */
public record RunSummary(
    String runId,
    String name,
    String kind,
    String owner,
    String status,
    Instant startedAt,
    Instant closedAt,
    String temporalUi,
    String self) {}
