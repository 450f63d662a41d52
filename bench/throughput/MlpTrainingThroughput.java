// Training throughput of the platform's classifier trainer (TrainingSession, TrainingLoop, AdamW, softmax
// cross-entropy) on an MLP 784-512-512-10 at batch 256, over synthetic examples held in memory; the PyTorch side is
// torch_bench.py. Declared in ai.pretrain.training because the trainer is package-private there: run.sh compiles this
// file with javac onto the activities classpath (the source launcher's own class loader could not reach the package).
package ai.pretrain.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.pipeline.TrainingProgress;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.Heartbeat;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Samples/s of the fine-tune stage's training loop on an MLP: a warm-up, then timed repeats, one JSON line. */
public final class MlpTrainingThroughput {

  static final int FEATURES = 784;
  static final int HIDDEN = 512;
  static final int CLASSES = 10;
  static final int BATCH = 256;
  static final int EXAMPLES = 64 * BATCH;
  static final float LEARNING_RATE = 1e-3f;
  static final long SEED = 42;

  private MlpTrainingThroughput() {}

  public static void main(String[] args) throws Exception {
    int warmup = Integer.parseInt(args[0]);
    int steps = Integer.parseInt(args[1]);
    int repeats = Integer.parseInt(args[2]);
    ExampleShard data = syntheticExamples();
    Classifier classifier = newClassifier();
    AdamW adam = new AdamW(Tracker.fixed(LEARNING_RATE), 0, 0, 0);
    HeartbeatListener heartbeats = new HeartbeatListener(silentHeartbeat(), line -> {}, 0, 0, repeats + 1);
    Throughput throughput = new Throughput("mlp", BATCH, warmup, steps, repeats);
    try (TrainingSession session = new TrainingSession("classifier", classifier.network,
        Loss.softmaxCrossEntropyLoss(), adam, FEATURES, SEED, manager -> {}, heartbeats)) {
      train(session, data, warmup);
      for (int r = 0; r < repeats; r++) {
        throughput.time(() -> train(session, data, steps));
      }
    }
    System.out.println(throughput.json());
  }

  /**
   * {@code steps} batches through the fine-tune stage's loop, gradient clipping off (its default), in epochs of at
   * most one pass over the examples, since the loop caps an epoch's steps there.
   */
  static void train(TrainingSession session, ExampleShard data, int steps) throws IOException {
    int perEpoch = data.size() / BATCH;
    for (int done = 0; done < steps; done += perEpoch) {
      new TrainingLoop(session.trainer, "throughput", BATCH, Math.min(perEpoch, steps - done), SEED, 0)
          .fit(data.size(), 0, 1, (manager, indices, random) -> labeledBatch(data, manager, indices),
              List.of());
    }
  }

  /** What the fine-tune stage trains: the encoder (784-512-512, ReLU) under a 10-class head, no dropout. */
  static Classifier newClassifier() {
    PretrainSpec architecture = new PretrainSpec(null, List.of(HIDDEN), HIDDEN, null, null, null, BATCH,
        (double) LEARNING_RATE, null, null, null);
    return new Classifier(architecture.encoder(), new AdaptSpec(0, 0.0, false), CLASSES);
  }

  /** The batch FineTuning builds: features copied out of the shard, then one array each for inputs and labels. */
  static NDList[] labeledBatch(ExampleShard shard, NDManager manager, int[] indices) {
    int f = shard.featureCount();
    float[] x = new float[indices.length * f];
    float[] y = new float[indices.length];
    for (int i = 0; i < indices.length; i++) {
      shard.copyFeatures(indices[i], x, i * f);
      y[i] = shard.label(indices[i]);
    }
    return new NDList[] {
        new NDList(manager.create(x, new Shape(indices.length, f))),
        new NDList(manager.create(y, new Shape(indices.length)))
    };
  }

  /** The examples torch_bench.py builds too: x[i][j] = ((7919 i + 104729 j) mod 10007) / 10007, label (31 i + 7) mod 10. */
  static ExampleShard syntheticExamples() {
    float[] features = new float[EXAMPLES * FEATURES];
    int[] labels = new int[EXAMPLES];
    for (int i = 0; i < EXAMPLES; i++) {
      for (int j = 0; j < FEATURES; j++) {
        features[i * FEATURES + j] = (float) ((7919L * i + 104729L * j) % 10007) / 10007f;
      }
      labels[i] = (31 * i + 7) % CLASSES;
    }
    return new ExampleShard(features, labels, FEATURES, CLASSES);
  }

  static Heartbeat silentHeartbeat() {
    return new Heartbeat() {
      @Override
      public void beat(TrainingProgress progress) {}

      @Override
      public Optional<TrainingProgress> previousAttempt() {
        return Optional.empty();
      }
    };
  }
}
