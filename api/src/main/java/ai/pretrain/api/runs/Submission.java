package ai.pretrain.api.runs;

/** A submitted run: its id, and whether the request replayed an earlier one with the same Idempotency-Key. */
public record Submission(String runId, String status, boolean replayed) {}
