package ai.pretrain.api.registry;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of an alias move: the version it points at from now on. */
public record MoveAlias(
    @Schema(required = true, minimum = "1", maximum = "999999999", description = "A registered version's number")
    Integer version) {}
