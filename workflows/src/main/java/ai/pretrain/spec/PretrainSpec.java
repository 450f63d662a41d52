package ai.pretrain.spec;

import java.util.List;

/**
 * Self-supervised pretraining of the encoder: a denoising autoencoder that reconstructs clean inputs from corrupted
 * ones. The encoder declared here (an MLP of {@code hiddenUnits}, or a residual CNN of {@code channels} for square
 * images) is the backbone every later stage builds on.
 */
public record PretrainSpec(
    String objective,
    List<Integer> hiddenUnits,
    Integer latentUnits,
    String corruption,
    Double corruptionLevel,
    Integer epochs,
    Integer batchSize,
    Double learningRate,
    Double weightDecay,
    OptimizerSpec optimizer,
    Integer maxBatchesPerEpoch,
    String architecture,
    List<Integer> channels) {

  public static final String MLP = "mlp";
  public static final String RESIDUAL_CNN = "residual-cnn";
  public static final List<String> OBJECTIVES = List.of("denoising-autoencoder");
  public static final List<String> CORRUPTIONS = List.of("masking", "gaussian");

  public PretrainSpec {
    objective = objective == null ? "denoising-autoencoder" : objective;
    hiddenUnits = hiddenUnits == null ? List.of(256) : List.copyOf(hiddenUnits);
    latentUnits = latentUnits == null ? 64 : latentUnits;
    corruption = corruption == null ? "masking" : corruption;
    corruptionLevel = corruptionLevel == null ? 0.3 : corruptionLevel;
    epochs = epochs == null ? 10 : epochs;
    batchSize = batchSize == null ? 128 : batchSize;
    learningRate = learningRate == null ? 1e-3 : learningRate;
    weightDecay = weightDecay == null ? 0.0 : weightDecay;
    optimizer = optimizer == null ? OptimizerSpec.defaults() : optimizer;
    maxBatchesPerEpoch = maxBatchesPerEpoch == null ? 0 : maxBatchesPerEpoch;
    architecture = architecture == null ? MLP : architecture;
    channels = channels == null ? List.of(16, 32) : List.copyOf(channels);
  }

  /** An MLP encoder, as specs wrote it before the architecture could be chosen. */
  public PretrainSpec(String objective, List<Integer> hiddenUnits, Integer latentUnits, String corruption,
      Double corruptionLevel, Integer epochs, Integer batchSize, Double learningRate, Double weightDecay,
      OptimizerSpec optimizer, Integer maxBatchesPerEpoch) {
    this(objective, hiddenUnits, latentUnits, corruption, corruptionLevel, epochs, batchSize, learningRate,
        weightDecay, optimizer, maxBatchesPerEpoch, null, null);
  }

  /** The encoder's layers with weights before its latent code: the MLP's hidden layers, or the CNN's stem and stages. */
  public int encoderLayersBeforeLatent() {
    return RESIDUAL_CNN.equals(architecture) ? 1 + channels.size() : hiddenUnits.size();
  }

  /** This spec with one numeric field replaced, as a sweep trial sets it ({@code latentUnits}, {@code optimizer.l1}). */
  public PretrainSpec with(String field, double value) {
    return SpecFields.with(this, PretrainSpec.class, "pretrain", field, value);
  }

  public static PretrainSpec defaults() {
    return new PretrainSpec(null, null, null, null, null, null, null, null, null, null, null);
  }
}
