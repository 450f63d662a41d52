package ai.pretrain.numerics;

import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Records one step's gradients. DJL's PyTorch engine allows a single gradient collector per process, so trainings
 * that share a worker ({@code WORKER_TRAINING_SLOTS} above 1) take turns, step by step, in arrival order.
 */
public final class GradientTape {

  private static final ReentrantLock TURN = new ReentrantLock(true);

  private GradientTape() {}

  /** Runs forward and backward inside a gradient collector, holding the process-wide turn. */
  public static <T> T record(Trainer trainer, Function<GradientCollector, T> step) {
    TURN.lock();
    try (GradientCollector collector = trainer.newGradientCollector()) {
      return step.apply(collector);
    } finally {
      TURN.unlock();
    }
  }
}
