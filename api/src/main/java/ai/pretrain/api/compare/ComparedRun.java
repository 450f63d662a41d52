package ai.pretrain.api.compare;

import ai.pretrain.api.runs.ComparisonRow;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One of the compared runs: what it is, and its evaluation's comparison rows ({@code []} until it is evaluated). */
public record ComparedRun(
    String runId,
    @Schema(nullable = true) String name,
    @Schema(nullable = true) String owner,
    String status,
    Instant startedAt,
    @Schema(nullable = true) Instant closedAt,
    List<ComparisonRow> comparison,
    String self) {}
