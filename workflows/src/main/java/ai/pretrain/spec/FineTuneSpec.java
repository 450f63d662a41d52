package ai.pretrain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    List<AugmentationSpec> augmentations,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer gradientAccumulation,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxSequenceLength,
    @JsonInclude(JsonInclude.Include.NON_NULL) UnlabeledSpec unlabeled) {

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

  /** Fine-tuning without gradient accumulation, at the encoder's own sequence length. */
  public FineTuneSpec(Integer epochs, Integer batchSize, Double learningRate, Double weightDecay, Integer patience,
      String monitor, OptimizerSpec optimizer, Integer maxBatchesPerEpoch, Double layerLearningRateDecay,
      List<AugmentationSpec> augmentations) {
    this(epochs, batchSize, learningRate, weightDecay, patience, monitor, optimizer, maxBatchesPerEpoch,
        layerLearningRateDecay, augmentations, null, null);
  }

  /** Fine-tuning on the labeled examples alone. */
  public FineTuneSpec(Integer epochs, Integer batchSize, Double learningRate, Double weightDecay, Integer patience,
      String monitor, OptimizerSpec optimizer, Integer maxBatchesPerEpoch, Double layerLearningRateDecay,
      List<AugmentationSpec> augmentations, Integer gradientAccumulation, Integer maxSequenceLength) {
    this(epochs, batchSize, learningRate, weightDecay, patience, monitor, optimizer, maxBatchesPerEpoch,
        layerLearningRateDecay, augmentations, gradientAccumulation, maxSequenceLength, null);
  }

  /** This spec without the unlabeled images: how the {@code labeled-only} baseline and the linear probe train. */
  public FineTuneSpec labeledOnly() {
    return new FineTuneSpec(epochs, batchSize, learningRate, weightDecay, patience, monitor, optimizer,
        maxBatchesPerEpoch, layerLearningRateDecay, augmentations, gradientAccumulation, maxSequenceLength, null);
  }

  public static FineTuneSpec defaults() {
    return new FineTuneSpec(null, null, null, null, null, null, null, null, null, null);
  }

  /** Tokens per sequence for an imported checkpoint when {@code maxSequenceLength} is unset. */
  public static final int DEFAULT_SEQUENCE_LENGTH = 128;

  /** Tokens per sequence for an imported checkpoint: {@code maxSequenceLength}, else 128. */
  public int sequenceLength() {
    return maxSequenceLength == null ? DEFAULT_SEQUENCE_LENGTH : maxSequenceLength;
  }

  /**
   * Batches whose gradients are summed before each optimizer step (1 when unset, which keeps earlier specs' cache
   * keys): the effective batch is this times {@code batchSize}.
   */
  public int accumulationSteps() {
    return gradientAccumulation == null ? 1 : gradientAccumulation;
  }

  /**
   * This spec with one numeric field replaced, as a sweep trial sets it: a top-level field ({@code learningRate}) or an
   * optimizer one ({@code optimizer.l1}).
   */
  public FineTuneSpec with(String field, double value) {
    return SpecFields.with(this, FineTuneSpec.class, "fineTune", field, value);
  }

}
