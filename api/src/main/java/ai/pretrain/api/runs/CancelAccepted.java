package ai.pretrain.api.runs;

/** The answer to a cancel request: Temporal has recorded it; the run closes once its worker stops the stage. */
public record CancelAccepted(String runId, String status) {}
