package ai.pretrain.api.registry;

import java.util.List;

/** Every model in the registry, by name. */
public record ModelList(List<ModelSummary> models) {}
