package ai.pretrain.sweep;

/** Where one sweep trial stands. */
public enum TrialState {
  PENDING,
  RUNNING,
  COMPLETED,
  FAILED
}
