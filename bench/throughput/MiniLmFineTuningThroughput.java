// Training throughput of the fine-tune stage on an imported checkpoint: all-MiniLM-L6-v2 (BertClassifier, the
// checkpoint's encoder under a new 2-class head) in a TrainingSession, TrainingLoop and the platform's AdamW at 5e-5
// with decoupled weight decay 0.01 (torch.optim.AdamW's default), softmax cross-entropy, dropout 0.1 as the checkpoint
// declares it, sequence 128, batch 16. The PyTorch side is torch_bench.py --minilm
// (transformers.BertForSequenceClassification on the same folder).
package ai.pretrain.training;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.huggingface.BertClassifier;
import ai.pretrain.huggingface.BertConfig;
import ai.pretrain.spec.AdaptSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Samples/s of the fine-tune stage's loop on MiniLM: a warm-up, then timed repeats, one JSON line. */
public final class MiniLmFineTuningThroughput {

  static final int SEQUENCE = 128;
  static final int BATCH = 16;
  static final int ROWS = 8 * BATCH;
  static final int CLASSES = 2;
  static final float LEARNING_RATE = 5e-5f;
  static final double DECOUPLED_WEIGHT_DECAY = 0.01;
  static final int CLS = 101;
  static final int SEP = 102;
  static final int FIRST_WORD = 1000;
  static final long SEED = 42;

  private MiniLmFineTuningThroughput() {}

  public static void main(String[] args) throws Exception {
    Path checkpoint = Path.of(args[0]);
    int warmup = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    int repeats = Integer.parseInt(args[3]);
    ExampleShard data = syntheticRows(BertConfig.read(checkpoint.resolve("config.json")).vocabularySize());
    HeartbeatListener heartbeats = new HeartbeatListener(MlpTrainingThroughput.silentHeartbeat(), line -> {}, 0, 0,
        repeats + 1);
    Throughput throughput = new Throughput("minilm", BATCH, warmup, steps, repeats);
    try (TrainingSession session = newSession(checkpoint, heartbeats)) {
      train(session, data, warmup);
      for (int r = 0; r < repeats; r++) {
        throughput.time(() -> train(session, data, steps));
      }
    }
    System.out.println(throughput.json());
  }

  /**
   * The fine-tune stage's session on the checkpoint: its encoder loaded as the adapt stage loads an imported one (into
   * initialized parameters), a new 2-class head, frozen as the default adapt spec says (nothing), the platform's AdamW.
   */
  static TrainingSession newSession(Path checkpoint, HeartbeatListener heartbeats) throws IOException {
    BertClassifier classifier =
        new BertClassifier(BertConfig.read(checkpoint.resolve("config.json")), AdaptSpec.defaults(), CLASSES);
    AdamW adam = new AdamW(Tracker.fixed(LEARNING_RATE), 0, 0, DECOUPLED_WEIGHT_DECAY,
        classifier.learningRateScales(1.0));
    return new TrainingSession("classifier", classifier.network(), Loss.softmaxCrossEntropyLoss(), adam, SEQUENCE,
        SEED, manager -> {
          classifier.network().initialize(manager, DataType.FLOAT32, new Shape(1, SEQUENCE));
          classifier.loadEncoder(manager, checkpoint.resolve("model.safetensors"));
          classifier.freeze();
        }, heartbeats);
  }

  /** {@code steps} batches through the fine-tune stage's loop, in epochs of at most one pass over the rows. */
  static void train(TrainingSession session, ExampleShard data, int steps) throws IOException {
    int perEpoch = data.size() / BATCH;
    for (int done = 0; done < steps; done += perEpoch) {
      new TrainingLoop(session.trainer, "throughput", BATCH, Math.min(perEpoch, steps - done), SEED, 0)
          .fit(data.size(), 0, 1,
              (manager, indices, random) -> MlpTrainingThroughput.labeledBatch(data, manager, indices),
              List.of());
    }
  }

  /**
   * The rows torch_bench.py builds too, token ids as data prep stores them (floats): row i holds
   * {@code 128 - (37 i mod 48)} tokens, [CLS], then {@code 1000 + ((7919 i + 104729 t) mod (vocab - 1000))} at
   * position t, then [SEP], then padding (id 0) to 128; label {@code (i / 2 + i / 3) mod 2}.
   */
  static ExampleShard syntheticRows(int vocabulary) {
    float[] ids = new float[ROWS * SEQUENCE];
    int[] labels = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      int length = SEQUENCE - (37 * i) % 48;
      ids[i * SEQUENCE] = CLS;
      for (int t = 1; t < length - 1; t++) {
        ids[i * SEQUENCE + t] = FIRST_WORD + (int) ((7919L * i + 104729L * t) % (vocabulary - FIRST_WORD));
      }
      ids[i * SEQUENCE + length - 1] = SEP;
      labels[i] = (i / 2 + i / 3) % CLASSES;
    }
    return new ExampleShard(ids, labels, SEQUENCE, CLASSES);
  }
}
