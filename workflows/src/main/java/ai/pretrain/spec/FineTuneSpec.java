package ai.pretrain.spec;

/** Supervised training of the adapted model on the labeled fraction, with L2 and early stopping on validation accuracy. */
public record FineTuneSpec(
    Integer epochs,
    Integer batchSize,
    Double learningRate,
    Double weightDecay,
    Integer patience,
    Integer maxBatchesPerEpoch) {

  public FineTuneSpec {
    epochs = epochs == null ? 50 : epochs;
    batchSize = batchSize == null ? 32 : batchSize;
    learningRate = learningRate == null ? 1e-3 : learningRate;
    weightDecay = weightDecay == null ? 0.0 : weightDecay;
    patience = patience == null ? 10 : patience;
    maxBatchesPerEpoch = maxBatchesPerEpoch == null ? 0 : maxBatchesPerEpoch;
  }

  public static FineTuneSpec defaults() {
    return new FineTuneSpec(null, null, null, null, null, null);
  }

  /** This spec with one numeric field replaced, as a sweep trial sets it; the field name is a {@link SweepSpec} key. */
  public FineTuneSpec with(String field, double value) {
    return switch (field) {
      case "epochs" -> new FineTuneSpec((int) value, batchSize, learningRate, weightDecay, patience, maxBatchesPerEpoch);
      case "batchSize" -> new FineTuneSpec(epochs, (int) value, learningRate, weightDecay, patience, maxBatchesPerEpoch);
      case "learningRate" -> new FineTuneSpec(epochs, batchSize, value, weightDecay, patience, maxBatchesPerEpoch);
      case "weightDecay" -> new FineTuneSpec(epochs, batchSize, learningRate, value, patience, maxBatchesPerEpoch);
      case "patience" -> new FineTuneSpec(epochs, batchSize, learningRate, weightDecay, (int) value, maxBatchesPerEpoch);
      default -> throw new IllegalArgumentException("fineTune has no sweepable field '" + field + "'");
    };
  }
}
