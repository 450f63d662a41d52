package ai.pretrain.pipeline;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;

/** Reads Temporal failure chains the way a user wants them reported. */
public final class Failures {

  private Failures() {}

  /** The innermost failure's message: what the activity said, not the wrapper's "Activity task failed". */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while ((t instanceof ActivityFailure || t instanceof ChildWorkflowFailure) && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ApplicationFailure app ? app.getOriginalMessage() : t.getMessage();
  }

  /** Whether the failure is, or wraps, a cancellation. */
  public static boolean isCancellation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }
}
