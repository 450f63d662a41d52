package ai.pretrain.api.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A run as {@code GET /api/v1/runs/{id}} shows it.
 *
 * @param owner who submitted it ({@code anonymous} while auth is off; absent for runs from before owners)
 * @param progressUnavailable why {@code stages} is empty though the run has some (no worker answered the query)
 * @param baselines the adapt and fine-tune of each baseline the evaluation compares against
 *     ({@code adapt.<baseline>}, {@code fineTune.<baseline>}), once the evaluate stage trains them
 */
public record RunView(
    String runId,
    @Schema(nullable = true) String name,
    @Schema(nullable = true) String owner,
    String status,
    Instant startedAt,
    @Schema(nullable = true) Instant closedAt,
    String temporalUi,
    List<StageView> stages,
    @Schema(nullable = true) String interruptedStage,
    @Schema(nullable = true) String failure,
    List<ComparisonRow> comparison,
    @JsonInclude(JsonInclude.Include.NON_NULL) String progressUnavailable,
    List<StageView> baselines) {}
