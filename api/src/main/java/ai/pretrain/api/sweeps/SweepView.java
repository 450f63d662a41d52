package ai.pretrain.api.sweeps;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sweep as the API shows it: status, the leaderboard best first, and once it has finished the best parameters and
 * the results table artifacts.
 *
 * @param unavailable why the leaderboard is missing (no worker answered the query), else null
 */
public record SweepView(
    String sweepId,
    String status,
    Instant startedAt,
    Instant closedAt,
    String temporalUi,
    String metric,
    List<LeaderboardRow> leaderboard,
    Map<String, Double> bestParameters,
    Map<String, String> artifacts,
    Long trialEpochs,
    String unavailable) {}
