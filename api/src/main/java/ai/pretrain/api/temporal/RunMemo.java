package ai.pretrain.api.temporal;

/** The memo fields the API writes on the workflows it starts and reads back from Temporal. */
public final class RunMemo {

  /** The spec's {@code name}. */
  public static final String SPEC_NAME = "specName";
  /** The built-in dataset's name or the source URI. */
  public static final String DATASET = "dataset";
  /** Who submitted the run; non-admins see only their own. */
  public static final String OWNER = "owner";
  /** The canonical spec's digest, which tells a replayed idempotent POST from a conflicting one. */
  public static final String SPEC_SHA256 = "specSha256";
  /** The run a retried run repeats. */
  public static final String RETRY_OF = "retryOf";
  /** The run whose prepared data and adapted model a sweep started on its own trains on. */
  public static final String FROM_RUN = "fromRun";

  /** The schedule that started a run, or that a schedule's memo is about. */
  public static final String SCHEDULE = "schedule";

  private RunMemo() {}
}
