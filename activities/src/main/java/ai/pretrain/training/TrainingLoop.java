package ai.pretrain.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.Batchifier;
import ai.pretrain.data.Permutation;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Mini-batch training over in-memory examples. Each epoch's batch order and corruption come from a generator seeded by
 * (seed, epoch), so a run resumed at an epoch boundary sees exactly the batches an uninterrupted one would.
 */
final class TrainingLoop {

  /** Builds one batch's inputs and targets from example indices, in the batch's own NDManager. */
  interface Batches {
    NDList[] build(NDManager manager, int[] indices, Random random);
  }

  /** Called after each epoch with the epochs done and the epoch's mean loss; returns false to stop early. */
  interface AfterEpoch {
    boolean proceed(int epochsDone, double meanLoss) throws IOException;
  }

  private final Trainer trainer;
  private final String stage;
  private final int batchSize;
  private final int maxBatchesPerEpoch;
  private final long seed;

  TrainingLoop(Trainer trainer, String stage, int batchSize, int maxBatchesPerEpoch, long seed) {
    this.trainer = trainer;
    this.stage = stage;
    this.batchSize = batchSize;
    this.maxBatchesPerEpoch = maxBatchesPerEpoch;
    this.seed = seed;
  }

  /** Trains epochs {@code fromEpoch} (0-based) up to {@code epochs}, unless {@code after} stops it sooner. */
  void fit(int examples, int fromEpoch, int epochs, Batches batches, AfterEpoch after) throws IOException {
    int steps = (examples + batchSize - 1) / batchSize;
    if (maxBatchesPerEpoch > 0) {
      steps = Math.min(steps, maxBatchesPerEpoch);
    }
    for (int epoch = fromEpoch; epoch < epochs; epoch++) {
      Random random = new Random(seed * 1_000_003L + epoch);
      int[] order = Permutation.of(examples, random);
      double lossSum = 0;
      for (int s = 0; s < steps; s++) {
        int[] indices = Arrays.copyOfRange(order, s * batchSize, Math.min(examples, (s + 1) * batchSize));
        try (NDManager manager = trainer.getManager().newSubManager()) {
          NDList[] xy = batches.build(manager, indices, random);
          Batch batch = new Batch(manager, xy[0], xy[1], indices.length, Batchifier.STACK, Batchifier.STACK, s, steps);
          lossSum += step(batch, epoch, s);
        }
      }
      trainer.notifyListeners(listener -> listener.onEpoch(trainer));
      if (!after.proceed(epoch + 1, lossSum / steps)) {
        return;
      }
    }
  }

  private float step(Batch batch, int epoch, int step) {
    float loss;
    try (GradientCollector collector = trainer.newGradientCollector()) {
      NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
      NDArray lossArray = trainer.getLoss().evaluate(batch.getLabels(), predictions);
      collector.backward(lossArray);
      loss = lossArray.getFloat();
      Device device = batch.getManager().getDevice();
      BatchData data = new BatchData(batch, Map.of(device, batch.getLabels()), Map.of(device, predictions));
      trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, data));
    }
    if (!Float.isFinite(loss)) {
      throw ApplicationFailure.newNonRetryableFailure(stage + ": the loss became " + loss + " at epoch " + (epoch + 1)
          + ", step " + (step + 1) + "; lower the learning rate or check the data", "NonFiniteLoss");
    }
    trainer.step();
    return loss;
  }
}
