package ai.pretrain.api.sweeps;

import java.util.Map;

/** The answer to a started sweep: its id, where to watch it in Temporal, and where to poll it here. */
public record SweepAccepted(String sweepId, String status, String temporalUi, Map<String, String> links) {}
