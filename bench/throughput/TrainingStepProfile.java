// Splits one training step of the platform's trainers into phases (data to NDArray, forward, loss, backward, loss
// read-back, gradient clipping, optimizer step, batch close) with the wall and CPU time, JNI calls and NDArrays of each, for
// the MLP and the transformer of the throughput benchmark. The steps below follow TrainingLoop.step and
// LanguageModelPretraining.step line by line, with a mark between lines; keep them in step with those when they change.
// Run through profile.sh (javac, byte-buddy agent).
package ai.pretrain.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.huggingface.BertConfig;
import ai.pretrain.numerics.GradientClipping;
import ai.pretrain.numerics.GradientTape;
import ai.pretrain.numerics.Permutation;
import ai.pretrain.text.LanguageModel;
import ai.pretrain.text.LanguageModelBatches;
import ai.pretrain.text.LanguageModelExamples;
import ai.pretrain.text.NextTokenExamples;
import ai.pretrain.text.TokenCrossEntropy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Per-phase time, JNI calls and NDArray allocations of the platform's training steps, as JSON lines. */
public final class TrainingStepProfile {

  private TrainingStepProfile() {}

  /** Usage: TrainingStepProfile TRANSFORMER_STEPS, or TrainingStepProfile --minilm CHECKPOINT_DIR STEPS. */
  public static void main(String[] args) throws IOException {
    JniCallCounter.install();
    if (args[0].equals("--minilm")) {
      HeartbeatListener heartbeats =
          new HeartbeatListener(MlpTrainingThroughput.silentHeartbeat(), line -> {}, 0, 0, 1);
      Path checkpoint = Path.of(args[1]);
      ExampleShard data = MiniLmFineTuningThroughput.syntheticRows(
          BertConfig.read(checkpoint.resolve("config.json")).vocabularySize());
      try (TrainingSession session = MiniLmFineTuningThroughput.newSession(checkpoint, heartbeats)) {
        profileClassifier("minilm", session, data, MiniLmFineTuningThroughput.BATCH, 2, Integer.parseInt(args[2]));
      }
      return;
    }
    int transformerSteps = Integer.parseInt(args[0]);
    profileMlp(3, transformerSteps * 10);
    profileTransformer(2, transformerSteps);
  }

  /** TrainingLoop.step on the fine-tune stage's classifier, with the batch FineTuning builds. */
  static void profileMlp(int warmup, int steps) throws IOException {
    ExampleShard data = MlpTrainingThroughput.syntheticExamples();
    Classifier classifier = MlpTrainingThroughput.newClassifier();
    AdamW adam = new AdamW(Tracker.fixed(MlpTrainingThroughput.LEARNING_RATE), 0, 0, 0);
    HeartbeatListener heartbeats =
        new HeartbeatListener(MlpTrainingThroughput.silentHeartbeat(), line -> {}, 0, 0, 1);
    try (TrainingSession session = new TrainingSession("classifier", classifier.network,
        Loss.softmaxCrossEntropyLoss(), adam, MlpTrainingThroughput.FEATURES, MlpTrainingThroughput.SEED,
        manager -> {}, heartbeats)) {
      profileClassifier("mlp", session, data, MlpTrainingThroughput.BATCH, warmup, steps);
    }
  }

  /** TrainingLoop.step in a fine-tune stage's session, with the batch FineTuning builds. */
  static void profileClassifier(String name, TrainingSession session, ExampleShard data, int batchSize, int warmup,
      int steps) {
    Trainer trainer = session.trainer;
    Random random = new Random(MlpTrainingThroughput.SEED);
    int[] order = Permutation.of(data.size(), random);
    int perPass = data.size() / batchSize * batchSize;
    Phases phases = new Phases();
    for (int s = 0; s < warmup + steps; s++) {
      if (s == warmup) {
        phases.reset();
      }
      phases.start();
      int from = (s * batchSize) % perPass;
      int[] indices = Arrays.copyOfRange(order, from, from + batchSize);
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDList[] xy = MlpTrainingThroughput.labeledBatch(data, manager, indices);
        Batch batch = new Batch(manager, xy[0], xy[1], indices.length, Batchifier.STACK, Batchifier.STACK, s,
            steps);
        phases.mark("data -> NDArray");
        float loss = GradientTape.record(trainer, collector -> {
          phases.mark("gradient collector open");
          NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
          phases.mark("forward");
          NDArray lossArray = trainer.getLoss().evaluate(batch.getLabels(), predictions);
          phases.mark("loss");
          collector.backward(lossArray);
          phases.mark("backward");
          Device device = batch.getManager().getDevice();
          BatchData batchData =
              new BatchData(batch, Map.of(device, batch.getLabels()), Map.of(device, predictions));
          trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
          phases.mark("listeners (heartbeat)");
          float value = lossArray.getFloat();
          phases.mark("loss getFloat");
          return value;
        });
        phases.mark("gradient collector close");
        if (!Float.isFinite(loss)) {
          throw new IllegalStateException(name + ": the loss became " + loss);
        }
        trainer.step();
        phases.mark("optimizer step (Trainer.step, AdamW)");
      }
      phases.mark("batch manager close");
    }
    System.out.println(phases.json(name, steps, batchSize));
  }

  /** LanguageModelPretraining's constructor and step on the benchmark's transformer. */
  static void profileTransformer(int warmup, int steps) {
    LanguageModelExamples objective = new NextTokenExamples();
    int sequence = TransformerTrainingThroughput.SEQUENCE;
    int batchSize = TransformerTrainingThroughput.BATCH;
    int[][] windows = TransformerTrainingThroughput.syntheticWindows();
    Engine engine = Engine.getInstance();
    engine.setRandomSeed((int) TransformerTrainingThroughput.SEED);
    Device device = engine.defaultDevice();
    LanguageModel network = new LanguageModel(TransformerTrainingThroughput.CONFIG);
    try (Model model = Model.newInstance("causal-lm", device)) {
      model.setBlock(network);
      Optimizer adam = Optimizer.adam()
          .optLearningRateTracker(Tracker.fixed(TransformerTrainingThroughput.LEARNING_RATE)).build();
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new TokenCrossEntropy()).optOptimizer(adam)
          .optDevices(new Device[] {device}))) {
        trainer.initialize(new Shape(1, sequence));
        Random random = new Random(TransformerTrainingThroughput.SEED);
        int[] order = Permutation.of(windows.length, random);
        Phases phases = new Phases();
        for (int s = 0; s < warmup + steps; s++) {
          if (s == warmup) {
            phases.reset();
          }
          phases.start();
          int from = (s * batchSize) % windows.length;
          int[] indices = Arrays.copyOfRange(order, from, from + batchSize);
          try (NDManager manager = trainer.getManager().newSubManager()) {
            NDList[] batch = LanguageModelBatches.build(manager, objective, i -> windows[i], indices, random);
            phases.mark("data -> NDArray");
            float loss = GradientTape.record(trainer, collector -> {
              phases.mark("gradient collector open");
              NDList logits = trainer.forward(batch[0], batch[1]);
              phases.mark("forward");
              NDArray lossArray = trainer.getLoss().evaluate(batch[1], logits);
              phases.mark("loss");
              collector.backward(lossArray);
              phases.mark("backward");
              float value = lossArray.getFloat();
              phases.mark("loss getFloat");
              return value;
            });
            phases.mark("gradient collector close");
            if (!Float.isFinite(loss)) {
              throw new IllegalStateException("transformer: the loss became " + loss);
            }
            List<Parameter> trainable =
                model.getBlock().getParameters().values().stream().filter(Parameter::requiresGradient).toList();
            phases.mark("clip: list trainable parameters");
            GradientClipping.clipToNorm(trainable, 1.0);
            phases.mark("clip: global norm (getFloat per parameter) + scale");
            trainer.step();
            phases.mark("optimizer step (Trainer.step, Adam)");
          }
          phases.mark("batch manager close");
        }
        System.out.println(phases.json("transformer", steps, batchSize));
      }
    }
  }

  /** LanguageModelPretraining.batch. */
  /**
   * Wall time, the training thread's CPU time (which other load on the machine disturbs less), JNI calls and NDArrays
   * per phase, summed over steps; per-method JNI counts over the whole step.
   */
  static final class Phases {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private Map<String, Long> callsAtReset = new TreeMap<>();
    private long stepNanos;
    private long nanos;
    private long cpuNanos;
    private long calls;
    private long arrays;

    void reset() {
      totals.clear();
      stepNanos = 0;
      callsAtReset = new TreeMap<>(JniCallCounter.CALLS);
    }

    void start() {
      nanos = System.nanoTime();
      cpuNanos = THREADS.getCurrentThreadCpuTime();
      calls = JniCallCounter.totalCalls();
      arrays = JniCallCounter.arrays;
    }

    void mark(String phase) {
      long now = System.nanoTime();
      long cpuNow = THREADS.getCurrentThreadCpuTime();
      long callsNow = JniCallCounter.totalCalls();
      long[] total = totals.computeIfAbsent(phase, p -> new long[4]);
      total[0] += now - nanos;
      total[1] += cpuNow - cpuNanos;
      total[2] += callsNow - calls;
      total[3] += JniCallCounter.arrays - arrays;
      stepNanos += now - nanos;
      cpuNanos = cpuNow;
      nanos = System.nanoTime();
      calls = callsNow;
      arrays = JniCallCounter.arrays;
    }

    String json(String model, int steps, int batch) {
      List<String> phases = new ArrayList<>();
      totals.forEach((phase, t) -> phases.add(String.format(Locale.ROOT, "[\"%s\", %.3f, %.3f, %.1f, %.1f]", phase,
          t[0] / 1e6 / steps, t[1] / 1e6 / steps, (double) t[2] / steps, (double) t[3] / steps)));
      List<String> methods = new ArrayList<>();
      JniCallCounter.CALLS.entrySet().stream()
          .map(e -> Map.entry(e.getKey(), e.getValue() - callsAtReset.getOrDefault(e.getKey(), 0L)))
          .filter(e -> e.getValue() > 0)
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .forEach(e -> methods.add(String.format(Locale.ROOT, "[\"%s\", %.1f]", e.getKey(),
              (double) e.getValue() / steps)));
      return String.format(Locale.ROOT, "{\"side\": \"djl\", \"model\": \"%s\", \"threads\": %s, \"steps\": %d, "
              + "\"samples_per_s\": %.2f, \"phases\": [%s], \"jni_calls\": [%s]}", model,
          System.getProperty("ai.djl.pytorch.num_threads", "null"), steps, steps * batch / (stepNanos / 1e9),
          String.join(", ", phases), String.join(", ", methods));
    }
  }
}
