package ai.pretrain.sweep;

/** Where one sweep trial stands. */
public enum TrialState {
  /** Chosen, not yet training. */
  PENDING,
  /** Training a rung. */
  RUNNING,
  /** Finished a rung and waits for the scheduler to promote it (ASHA); holds no slot. */
  PAUSED,
  /** Stopped early by the scheduler, the budget or a user; its last rung's model is kept. */
  STOPPED,
  /** Trained every rung. */
  COMPLETED,
  /** A rung failed; the message says why. */
  FAILED
}
