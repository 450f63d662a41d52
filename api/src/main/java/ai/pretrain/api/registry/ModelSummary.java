package ai.pretrain.api.registry;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One model in the registry's list: how many versions it has, its latest and its aliases; {@code self} reads it. */
public record ModelSummary(String name, int versions, @Schema(nullable = true) Integer latestVersion,
    Map<String, Integer> aliases, String self) {}
