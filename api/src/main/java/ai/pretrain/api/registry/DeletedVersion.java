package ai.pretrain.api.registry;

import java.time.Instant;

/**
 * What stays of a deleted version: its number (never given again), who deleted it and when. It replaces the version's
 * manifest; its files are gone.
 */
public record DeletedVersion(String model, int version, String deletedBy, Instant deletedAt) {}
