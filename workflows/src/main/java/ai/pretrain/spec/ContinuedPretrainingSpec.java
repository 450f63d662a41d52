package ai.pretrain.spec;

/**
 * Domain-adaptive continued pretraining (Gururangan et al., 2020): before the new head goes on, the adapt stage keeps
 * training the pretrained language model with its own objective on the task's unlabeled training text.
 */
public record ContinuedPretrainingSpec(Integer epochs, Integer batchSize, Double learningRate,
    Integer maxBatchesPerEpoch) {

  public ContinuedPretrainingSpec {
    epochs = epochs == null ? 1 : epochs;
    batchSize = batchSize == null ? 32 : batchSize;
    learningRate = learningRate == null ? 5e-4 : learningRate;
    maxBatchesPerEpoch = maxBatchesPerEpoch == null ? 0 : maxBatchesPerEpoch;
  }
}
