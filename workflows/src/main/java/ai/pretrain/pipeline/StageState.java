package ai.pretrain.pipeline;

/** Where one stage of a run stands. */
public enum StageState {
  PENDING,
  RUNNING,
  COMPLETED,
  SKIPPED,
  FAILED,
  CANCELLED
}
