package ai.pretrain.spec;

import java.util.List;

/**
 * How a training stage optimizes: Adam with L2 (coupled) and L1 penalties, decoupled weight decay (AdamW), gradient
 * clipping by global norm, and a learning-rate schedule with linear warmup.
 */
public record OptimizerSpec(
    Double l1,
    Double decoupledWeightDecay,
    Double gradientClipNorm,
    String schedule,
    Integer warmupEpochs) {

  public static final List<String> SCHEDULES = List.of("constant", "cosine");

  public OptimizerSpec {
    l1 = l1 == null ? 0.0 : l1;
    decoupledWeightDecay = decoupledWeightDecay == null ? 0.0 : decoupledWeightDecay;
    gradientClipNorm = gradientClipNorm == null ? 0.0 : gradientClipNorm;
    schedule = schedule == null ? "constant" : schedule;
    warmupEpochs = warmupEpochs == null ? 0 : warmupEpochs;
  }

  public static OptimizerSpec defaults() {
    return new OptimizerSpec(null, null, null, null, null);
  }
}
