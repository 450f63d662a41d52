package ai.pretrain.api.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

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
    String name,
    String owner,
    String status,
    Instant startedAt,
    Instant closedAt,
    String temporalUi,
    List<StageView> stages,
    String interruptedStage,
    String failure,
    List<ComparisonRow> comparison,
    @JsonInclude(JsonInclude.Include.NON_NULL) String progressUnavailable,
    List<StageView> baselines) {}
