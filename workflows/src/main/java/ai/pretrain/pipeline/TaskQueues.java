package ai.pretrain.pipeline;

/** The task queues of the platform: workflows and light activities on CPU, training on GPU workers where they exist. */
public final class TaskQueues {

  /** Workflow tasks, data prep and evaluation. */
  public static final String CPU = "pretrain-cpu";

  /** Pretraining, adaptation and fine-tuning; polled by GPU workers, and by CPU workers where no GPU exists. */
  public static final String GPU = "pretrain-gpu";

  private TaskQueues() {}
}
