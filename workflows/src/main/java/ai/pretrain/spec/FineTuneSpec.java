package ai.pretrain.spec;

import java.util.List;

/**
 * Supervised training of the adapted model on the labeled fraction, with L2 ({@code weightDecay}), the optimizer's
 * other regularizers, and early stopping on a validation metric.
 */
public record FineTuneSpec(
    Integer epochs,
    Integer batchSize,
    Double learningRate,
    Double weightDecay,
    Integer patience,
    String monitor,
    OptimizerSpec optimizer,
    Integer maxBatchesPerEpoch,
    Double layerLearningRateDecay,
    List<AugmentationSpec> augmentations) {

  /** Validation metrics early stopping can watch; accuracy is maximised, loss minimised. */
  public static final List<String> MONITORS = List.of("validationAccuracy", "validationLoss");

  public FineTuneSpec {
    epochs = epochs == null ? 50 : epochs;
    batchSize = batchSize == null ? 32 : batchSize;
    learningRate = learningRate == null ? 1e-3 : learningRate;
    weightDecay = weightDecay == null ? 0.0 : weightDecay;
    patience = patience == null ? 10 : patience;
    monitor = monitor == null ? "validationAccuracy" : monitor;
    optimizer = optimizer == null ? OptimizerSpec.defaults() : optimizer;
    maxBatchesPerEpoch = maxBatchesPerEpoch == null ? 0 : maxBatchesPerEpoch;
    layerLearningRateDecay = layerLearningRateDecay == null ? 1.0 : layerLearningRateDecay;
    augmentations = augmentations == null ? List.of() : List.copyOf(augmentations);
  }

  public static FineTuneSpec defaults() {
    return new FineTuneSpec(null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * This spec with one numeric field replaced, as a sweep trial sets it: a top-level field ({@code learningRate}) or an
   * optimizer one ({@code optimizer.l1}).
   */
  public FineTuneSpec with(String field, double value) {
    return SpecFields.with(this, FineTuneSpec.class, "fineTune", field, value);
  }

}
