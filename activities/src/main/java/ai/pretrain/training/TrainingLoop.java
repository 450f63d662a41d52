package ai.pretrain.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.Batchifier;
import ai.pretrain.data.LabeledExamples;
import ai.pretrain.numerics.EngineScalar;
import ai.pretrain.numerics.GradientClipping;
import ai.pretrain.numerics.GradientTape;
import ai.pretrain.numerics.Permutation;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mini-batch training over in-memory examples. Each epoch's batch order and corruption come from a generator seeded by
 * (seed, epoch), so a run resumed at an epoch boundary sees exactly the batches an uninterrupted one would. Gradients
 * are clipped by global norm before each optimizer step when a limit is set. With gradient accumulation the optimizer
 * steps once every {@code accumulation} batches, on the sum of their gradients, each batch's mean loss weighted by its
 * share of the group; a group never spans an epoch's end, so an epoch boundary holds no half-summed gradient. What
 * happens at an epoch's end (validation, history, early stopping, checkpoints) is {@link EpochListener}s'.
 */
final class TrainingLoop {

  /** Builds one batch's inputs and targets from example indices, in the batch's own NDManager. */
  interface Batches {
    NDList[] build(NDManager manager, int[] indices, Random random);

    /** The epoch's example order, drawn from the epoch's generator: by default a permutation of all examples. */
    default int[] epochOrder(int examples, Random random) {
      return Permutation.of(examples, random);
    }

    /** {@code build}'s batches, each epoch in {@code examples}' own order (a shuffle buffer where it streams). */
    static Batches inOrderOf(LabeledExamples examples, Batches build) {
      return new Batches() {
        @Override
        public NDList[] build(NDManager manager, int[] indices, Random random) {
          return build.build(manager, indices, random);
        }

        @Override
        public int[] epochOrder(int count, Random random) {
          return examples.epochOrder(random);
        }
      };
    }
  }

  private final Trainer trainer;
  private final String stage;
  private final int batchSize;
  private final int maxBatchesPerEpoch;
  private final long seed;
  private final double gradientClipNorm;
  private final int accumulation;

  TrainingLoop(Trainer trainer, String stage, int batchSize, int maxBatchesPerEpoch, long seed,
      double gradientClipNorm) {
    this(trainer, stage, batchSize, maxBatchesPerEpoch, seed, gradientClipNorm, 1);
  }

  TrainingLoop(Trainer trainer, String stage, int batchSize, int maxBatchesPerEpoch, long seed,
      double gradientClipNorm, int accumulation) {
    this.accumulation = accumulation;
    this.trainer = trainer;
    this.stage = stage;
    this.batchSize = batchSize;
    this.maxBatchesPerEpoch = maxBatchesPerEpoch;
    this.seed = seed;
    this.gradientClipNorm = gradientClipNorm;
  }

  /** Steps per epoch for {@code examples}, after the smoke-run cap. */
  static int stepsPerEpoch(int examples, int batchSize, int maxBatchesPerEpoch) {
    int steps = (examples + batchSize - 1) / batchSize;
    return maxBatchesPerEpoch > 0 ? Math.min(steps, maxBatchesPerEpoch) : steps;
  }

  /** Optimizer steps per epoch: one per group of {@code accumulation} batches, the last group possibly shorter. */
  static int updatesPerEpoch(int examples, int batchSize, int maxBatchesPerEpoch, int accumulation) {
    return (stepsPerEpoch(examples, batchSize, maxBatchesPerEpoch) + accumulation - 1) / accumulation;
  }

  private List<Parameter> trainable() {
    return trainer.getModel().getBlock().getParameters().values().stream()
        .filter(Parameter::requiresGradient)
        .toList();
  }

  /**
   * Trains epochs {@code fromEpoch} (0-based) up to {@code epochs}, calling the {@code listeners} in order after each,
   * unless one of them stops it sooner.
   */
  void fit(int examples, int fromEpoch, int epochs, Batches batches, List<EpochListener> listeners)
      throws IOException {
    int steps = stepsPerEpoch(examples, batchSize, maxBatchesPerEpoch);
    for (int epoch = fromEpoch; epoch < epochs; epoch++) {
      long epochSeed = seed * 1_000_003L + epoch;
      Random random = new Random(epochSeed);
      // Dropout draws from the engine's generator; reseeding it per epoch makes a resumed epoch draw the same masks.
      Engine.getInstance().setRandomSeed((int) (epochSeed ^ (epochSeed >>> 32)));
      int[] order = batches.epochOrder(examples, random);
      double lossSum = 0;
      for (int s = 0; s < steps; s++) {
        int[] indices = Arrays.copyOfRange(order, s * batchSize, Math.min(examples, (s + 1) * batchSize));
        try (NDManager manager = trainer.getManager().newSubManager()) {
          NDList[] xy = batches.build(manager, indices, random);
          Batch batch = new Batch(manager, xy[0], xy[1], indices.length, Batchifier.STACK, Batchifier.STACK, s, steps);
          int groupStart = s / accumulation * accumulation;
          int groupSize = Math.min(accumulation, steps - groupStart);
          lossSum += backward(batch, epoch, s, groupSize);
          if (s == groupStart + groupSize - 1) {
            update();
          }
        }
      }
      trainer.notifyListeners(listener -> listener.onEpoch(trainer));
      for (EpochListener listener : listeners) {
        listener.onEpochEnd(epoch + 1, lossSum / steps);
      }
      if (listeners.stream().anyMatch(EpochListener::stopsTraining)) {
        return;
      }
    }
  }

  /** Adds the batch's gradient, its mean loss divided by {@code groupSize}; returns the batch's mean loss. */
  private float backward(Batch batch, int epoch, int step, int groupSize) {
    float loss = GradientTape.record(trainer, collector -> {
      NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
      NDArray lossArray = trainer.getLoss().evaluate(batch.getLabels(), predictions);
      if (groupSize == 1) {
        collector.backward(lossArray);
      } else {
        try (NDArray share = EngineScalar.of(lossArray.getManager(), 1.0 / groupSize)) {
          collector.backward(lossArray.mul(share));
        }
      }
      Device device = batch.getManager().getDevice();
      BatchData data = new BatchData(batch, Map.of(device, batch.getLabels()), Map.of(device, predictions));
      trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, data));
      return lossArray.getFloat();
    });
    if (!Float.isFinite(loss)) {
      throw ApplicationFailure.newNonRetryableFailure(stage + ": the loss became " + loss + " at epoch " + (epoch + 1)
          + ", step " + (step + 1) + "; lower the learning rate or check the data", "NonFiniteLoss");
    }
    return loss;
  }

  private void update() {
    if (gradientClipNorm > 0) {
      GradientClipping.clipToNorm(trainable(), gradientClipNorm);
    }
    trainer.step();
  }
}
