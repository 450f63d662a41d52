package ai.pretrain.api.runs;

import java.util.Map;

/** The answer to a submitted run: its id, where to watch it in Temporal, and where to poll it here. */
public record RunAccepted(String runId, String status, String temporalUi, Map<String, String> links) {}
