package ai.pretrain.training;

import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import ai.pretrain.spec.OptimizerSpec;

/** Builds the learning-rate tracker a spec asks for: linear warmup from zero, then constant or cosine decay to zero. */
final class LearningRateSchedule {

  private LearningRateSchedule() {}

  static Tracker of(double baseRate, OptimizerSpec optimizer, int stepsPerEpoch, int epochs) {
    float base = (float) baseRate;
    int warmupSteps = optimizer.warmupEpochs() * stepsPerEpoch;
    int decaySteps = Math.max(1, epochs * stepsPerEpoch - warmupSteps);
    Tracker main = "cosine".equals(optimizer.schedule())
        ? Tracker.cosine().setBaseValue(base).optFinalValue(0f).setMaxUpdates(decaySteps).build()
        : Tracker.fixed(base);
    if (warmupSteps == 0) {
      return main;
    }
    return Tracker.warmUp()
        .setMainTracker(main)
        .optWarmUpSteps(warmupSteps)
        .optWarmUpBeginValue(0f)
        .optWarmUpMode(WarmUpTracker.Mode.LINEAR)
        .build();
  }
}
