package ai.pretrain.api.registry;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A model: its versions (deleted ones left out) and where each alias points now.
 *
 * @param latestVersion the highest version not deleted; {@code null} when every version was deleted
 */
public record ModelView(String name, @Schema(nullable = true) Integer latestVersion, List<VersionSummary> versions,
    List<AliasMove> aliases) {}
