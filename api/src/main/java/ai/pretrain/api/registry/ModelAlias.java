package ai.pretrain.api.registry;

import java.time.Instant;
import java.util.List;

/** Where an alias points now, and every move it has had, oldest first. */
public record ModelAlias(String model, String alias, int version, String movedBy, Instant movedAt,
    List<AliasMove> history) {}
