package ai.pretrain.api.runs;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One run in a list: enough to pick it out, with the link to its full view. */
public record RunSummary(
    String runId,
    @Schema(nullable = true) String name,
    @Schema(nullable = true) String kind,
    @Schema(nullable = true) String owner,
    String status,
    Instant startedAt,
    @Schema(nullable = true) Instant closedAt,
    String temporalUi,
    String self) {}
