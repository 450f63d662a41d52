package ai.pretrain.api.runs;

import java.util.List;

/**
 * A page of {@code GET /api/v1/runs}, newest first.
 *
 * @param nextPageToken pass as {@code pageToken} for the next page; {@code null} on the last page
 */
public record RunPage(List<RunSummary> runs, String nextPageToken) {}
