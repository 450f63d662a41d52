package ai.pretrain.api.runs;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of {@code GET /api/v1/runs}, newest first.
 *
 * @param nextPageToken pass as {@code pageToken} for the next page; {@code null} on the last page
 */
public record RunPage(List<RunSummary> runs, @Schema(nullable = true) String nextPageToken) {}
