package ai.pretrain.api.registry;

import java.time.Instant;

/** An alias set to point at a version, by whom and when; an alias's moves are kept as its history. */
public record AliasMove(String alias, int version, String movedBy, Instant movedAt) {}
