package ai.pretrain.text;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.numerics.GradientTape;
import ai.pretrain.numerics.Permutation;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Seeded fine-tuning of a {@link SequenceClassifier} (e.g. spam vs ham) with Adam, starting from a pretrained
 * encoder's weights or, for a scratch baseline, from random ones.
 */
public final class SequenceClassification implements AutoCloseable {

  private final int sequenceLength;
  private final long seed;
  private final SequenceClassifier network;
  private final Model model;
  private final Trainer trainer;

  /** {@code encoderWeights} from {@link LanguageModelPretraining#encoderWeights()}, or null to start from scratch. */
  public SequenceClassification(TransformerConfig config, int classes, TextEncoder.Pooling pooling,
      int sequenceLength, float learningRate, long seed, byte[] encoderWeights) throws IOException {
    this.sequenceLength = sequenceLength;
    this.seed = seed;
    Engine engine = Engine.getInstance();
    engine.setRandomSeed((int) seed);
    Device device = engine.defaultDevice();
    this.network = new SequenceClassifier(config, classes, pooling);
    this.model = Model.newInstance("sequence-classifier", device);
    model.setBlock(network);
    if (encoderWeights != null) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoderWeights))) {
        network.encoder().loadParameters(model.getNDManager(), in);
      } catch (MalformedModelException e) {
        throw new IOException("the encoder weights do not fit this encoder's shape", e);
      }
    }
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam)
        .optDevices(new Device[] {device}));
    trainer.initialize(new Shape(1, sequenceLength));
  }

  /** Trains {@code steps} batches in a seeded order, reshuffling each epoch. */
  public ClassificationResult fit(int[][] sequences, int[] labels, int steps, int batchSize) {
    List<Float> losses = new ArrayList<>(steps);
    int[] order = new int[0];
    int cursor = 0;
    long started = System.nanoTime();
    for (int step = 0; step < steps; step++) {
      if (cursor + batchSize > order.length) {
        order = Permutation.of(sequences.length, new Random(seed * 1_000_003L + step));
        cursor = 0;
      }
      int[] indices = Arrays.copyOfRange(order, cursor, Math.min(order.length, cursor + batchSize));
      cursor += indices.length;
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDList inputs = new NDList(manager.create(pick(sequences, indices)));
        NDList target = new NDList(manager.create(Arrays.stream(indices).map(i -> labels[i]).toArray()));
        losses.add(GradientTape.record(trainer, collector -> {
          NDArray loss = trainer.getLoss().evaluate(target, trainer.forward(inputs, target));
          collector.backward(loss);
          return loss.getFloat();
        }));
        trainer.step();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new ClassificationResult(List.copyOf(losses), (double) steps * batchSize / seconds);
  }

  /** Predicted class of each sequence, without dropout. */
  public int[] predict(int[][] sequences, int batchSize) {
    int[] predicted = new int[sequences.length];
    for (int from = 0; from < sequences.length; from += batchSize) {
      int[] indices = IntStream.range(from, Math.min(sequences.length, from + batchSize)).toArray();
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDArray logits = trainer.evaluate(new NDList(manager.create(pick(sequences, indices)))).head();
        long[] best = logits.argMax(1).toLongArray();
        for (int i = 0; i < indices.length; i++) {
          predicted[from + i] = (int) best[i];
        }
      }
    }
    return predicted;
  }

  /** The encoder's current parameters in DJL's format. */
  byte[] encoderWeights() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      network.encoder().saveParameters(out);
    }
    return bytes.toByteArray();
  }

  public int sequenceLength() {
    return sequenceLength;
  }

  private static int[][] pick(int[][] sequences, int[] indices) {
    return Arrays.stream(indices).mapToObj(i -> sequences[i]).toArray(int[][]::new);
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
