package ai.pretrain.text;

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
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.numerics.GradientClipping;
import ai.pretrain.numerics.GradientTape;
import ai.pretrain.numerics.Permutation;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded pretraining of a {@link LanguageModel} with one objective (masked or causal LM) over in-memory token
 * windows, with Adam and the gradients' global norm clipped to {@value #GRADIENT_CLIP_NORM}, as BERT and GPT
 * pretraining do. {@link #fit} may be called again on other text for continued (domain-adaptive) pretraining.
 */
public final class LanguageModelPretraining implements AutoCloseable {

  static final double GRADIENT_CLIP_NORM = 1.0;

  private final LanguageModelExamples objective;
  private final int sequenceLength;
  private final long seed;
  private final LanguageModel network;
  private final Model model;
  private final Trainer trainer;
  private int fits;

  public LanguageModelPretraining(TransformerConfig config, LanguageModelExamples objective, int sequenceLength,
      float learningRate, long seed) {
    if (sequenceLength > config.maxLength()) {
      throw new IllegalArgumentException("sequenceLength " + sequenceLength + " > maxLength " + config.maxLength());
    }
    this.objective = objective;
    this.sequenceLength = sequenceLength;
    this.seed = seed;
    Engine engine = Engine.getInstance();
    engine.setRandomSeed((int) seed);
    Device device = engine.defaultDevice();
    this.network = new LanguageModel(config.withCausal(objective.causal()));
    this.model = Model.newInstance(objective.name(), device);
    model.setBlock(network);
    Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    this.trainer = model.newTrainer(new DefaultTrainingConfig(new TokenCrossEntropy()).optOptimizer(adam)
        .optDevices(new Device[] {device}));
    trainer.initialize(new Shape(1, sequenceLength));
  }

  /** The stream windows this objective needs for its sequences. */
  public int[][] windows(TokenStream stream, int limit) {
    return stream.windows(objective.windowLength(sequenceLength), limit);
  }

  /** Trains {@code steps} batches, cycling through {@code windows} in a seeded order each epoch. */
  public PretrainingResult fit(int[][] windows, int steps, int batchSize) {
    List<Float> losses = new ArrayList<>(steps);
    int fit = fits++;
    Random random = null;
    int[] order = new int[0];
    int cursor = 0;
    long started = System.nanoTime();
    for (int step = 0; step < steps; step++) {
      if (cursor + batchSize > order.length) {
        // Each epoch of each fit gets its own generator, so a run is reproducible from the seed alone.
        random = new Random(seed * 1_000_003L + fit * 10_007L + step);
        order = Permutation.of(windows.length, random);
        cursor = 0;
      }
      int[] indices = Arrays.copyOfRange(order, cursor, Math.min(order.length, cursor + batchSize));
      cursor += indices.length;
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDList[] batch = batch(manager, windows, indices, random);
        losses.add(step(batch[0], batch[1], fit, step));
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double samples = (double) steps * batchSize;
    return new PretrainingResult(objective.name(), List.copyOf(losses), samples / seconds,
        samples * sequenceLength / seconds);
  }

  private float step(NDList inputs, NDList labels, int fit, int step) {
    float loss = GradientTape.record(trainer, collector -> {
      NDArray lossArray = trainer.getLoss().evaluate(labels, trainer.forward(inputs, labels));
      collector.backward(lossArray);
      return lossArray.getFloat();
    });
    if (!Float.isFinite(loss)) {
      throw new IllegalStateException(objective.name() + ": the loss became " + loss + " at step " + (step + 1)
          + " of fit " + (fit + 1) + "; lower the learning rate");
    }
    GradientClipping.clipToNorm(trainable(), GRADIENT_CLIP_NORM);
    trainer.step();
    return loss;
  }

  private List<Parameter> trainable() {
    return model.getBlock().getParameters().values().stream().filter(Parameter::requiresGradient).toList();
  }

  /**
   * exp(mean token cross-entropy) on {@code windows}, without dropout; for MLM over masks drawn from
   * {@code maskSeed}, so two models are scored on the same masked positions.
   */
  public double perplexity(int[][] windows, int batchSize, long maskSeed) {
    Random random = new Random(maskSeed);
    double nll = 0;
    double count = 0;
    for (int from = 0; from < windows.length; from += batchSize) {
      int[] indices = java.util.stream.IntStream.range(from, Math.min(windows.length, from + batchSize)).toArray();
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDList[] batch = batch(manager, windows, indices, random);
        NDList logits = trainer.evaluate(batch[0]);
        nll += TokenCrossEntropy.negativeLogLikelihood(batch[1], logits).sum().getFloat();
        count += batch[1].get(1).sum().getFloat();
      }
    }
    return Math.exp(nll / count);
  }

  /** Logits (S, V) for one sequence of ids, without dropout; the caller closes them. */
  public NDArray logits(NDManager manager, int[] ids) {
    NDArray input = manager.create(new int[][] {ids});
    NDArray logits = trainer.evaluate(new NDList(input)).head().get(0);
    logits.attach(manager);
    return logits;
  }

  /** The encoder's parameters in DJL's format, to start a fine-tuning model from. */
  public byte[] encoderWeights() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      network.encoder().saveParameters(out);
    }
    return bytes.toByteArray();
  }

  private NDList[] batch(NDManager manager, int[][] windows, int[] indices, Random random) {
    return LanguageModelBatches.build(manager, objective, i -> windows[i], indices, random);
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
