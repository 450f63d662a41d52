package ai.pretrain.api.registry;

import java.time.Instant;

/** One version in a model's listing; {@code self} reads it whole. */
public record VersionSummary(int version, String runId, String registeredBy, Instant registeredAt, String self) {}
