package ai.pretrain.api.compare;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stage result two or more of the compared runs share: the same cache key, so the same outputs in the store.
 *
 * @param producedBy the compared run that computed it; {@code null} when each reused it from an earlier run
 * @param reusedBy the compared runs that took it from the stage cache
 */
public record SharedStage(String stage, String cacheKey, List<String> runs, @Schema(nullable = true) String producedBy,
    List<String> reusedBy) {}
