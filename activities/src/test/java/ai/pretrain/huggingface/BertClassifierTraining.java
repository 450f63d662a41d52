package ai.pretrain.huggingface;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.network.LowRankAdapter;
import ai.pretrain.numerics.EngineScalar;
import ai.pretrain.numerics.GradientTape;
import ai.pretrain.spec.LoraSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A minimal fine-tuning loop for a {@link BertSequenceClassifier} outside runs, for tests and the export round trip
 * that {@code scripts/check-hf-export.py} checks (runs fine-tune through the fine-tune stage and {@link BertClassifier}):
 * started from a checkpoint or from random weights, seeded, with AdamW as BERT fine-tuning uses it. A step may accumulate the gradients of several
 * micro-batches before the optimizer moves, so the effective batch is larger than what fits in memory at once.
 */
public final class BertClassifierTraining implements AutoCloseable {

  private final BertSequenceClassifier network;
  private final Model model;
  private final Trainer trainer;

  /**
   * @param checkpoint the imported weights (its pooler if it has one; the classifier is always new), or null
   * @param loraLayers linear layers that learn through low-rank adapters, their own weights fixed
   * @param frozenLayers layers whose weights stay fixed
   */
  public BertClassifierTraining(BertConfig config, CheckpointWeights checkpoint, int classes, Set<String> loraLayers,
      LoraSpec lora, Set<String> frozenLayers, float learningRate, float weightDecay, long seed) {
    Engine engine = Engine.getInstance();
    engine.setRandomSeed((int) seed);
    Device device = engine.defaultDevice();
    this.network = new BertSequenceClassifier(config, classes, loraLayers, lora);
    this.model = Model.newInstance("bert-sequence-classifier", device);
    model.setBlock(network);
    Shape input = new Shape(1, 1);
    // initialized and loaded before the trainer initializes, so the loaded weights are the ones it trains
    network.initialize(model.getNDManager(), DataType.FLOAT32, input);
    if (checkpoint != null) {
      network.load(checkpoint);
    }
    for (Map.Entry<String, Block> layer : network.layers().entrySet()) {
      Block block = layer.getValue();
      if (frozenLayers.contains(layer.getKey())) {
        block.getParameters().values().forEach(p -> p.freeze(true));
      } else if (block instanceof LowRankAdapter adapter) {
        adapter.base().getParameters().values().forEach(p -> p.freeze(true));
      }
    }
    Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(learningRate))
        .optWeightDecays(weightDecay).build();
    this.trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adamW)
        .optDevices(new Device[] {device}));
    trainer.initialize(input);
  }

  public BertSequenceClassifier network() {
    return network;
  }

  /**
   * One optimizer step on {@code ids} (rows of token ids, padded with the pad token) and their labels, its gradient
   * accumulated over {@code accumulation} micro-batches. The batch's mean loss.
   */
  public float step(long[][] ids, int[] labels, int accumulation) {
    float loss = backward(ids, labels, accumulation);
    trainer.step();
    return loss;
  }

  /**
   * The gradient of the batch's mean loss, accumulated over {@code accumulation} micro-batches: each micro-batch's
   * mean loss weighted by its share of the rows, so (without dropout) it equals the whole batch's gradient.
   */
  float backward(long[][] ids, int[] labels, int accumulation) {
    int rows = ids.length;
    int micro = (rows + accumulation - 1) / accumulation;
    float loss = GradientTape.record(trainer, collector -> {
      float total = 0;
      for (int from = 0; from < rows; from += micro) {
        int to = Math.min(rows, from + micro);
        try (NDManager manager = trainer.getManager().newSubManager();
            NDArray weight = EngineScalar.of(manager, (double) (to - from) / rows)) {
          NDList x = new NDList(manager.create(Arrays.copyOfRange(ids, from, to)));
          NDList y = new NDList(manager.create(Arrays.copyOfRange(labels, from, to)));
          NDArray share = trainer.getLoss().evaluate(y, trainer.forward(x, y)).mul(weight);
          collector.backward(share);
          total += share.getFloat();
        }
      }
      return total;
    });
    if (!Float.isFinite(loss)) {
      throw new IllegalStateException("the loss became " + loss + "; lower fineTune.learningRate");
    }
    return loss;
  }

  /** Class logits of every row, without dropout, {@code batchSize} rows at a time. */
  public float[][] logits(long[][] ids, int batchSize) {
    float[][] logits = new float[ids.length][];
    for (int from = 0; from < ids.length; from += batchSize) {
      int to = Math.min(ids.length, from + batchSize);
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDArray out = trainer.evaluate(new NDList(manager.create(Arrays.copyOfRange(ids, from, to)))).head();
        float[] flat = out.toFloatArray();
        int classes = network.classes();
        for (int r = from; r < to; r++) {
          logits[r] = Arrays.copyOfRange(flat, (r - from) * classes, (r - from + 1) * classes);
        }
      }
    }
    return logits;
  }

  /** The predicted class of every row. */
  public int[] predict(long[][] ids, int batchSize) {
    float[][] logits = logits(ids, batchSize);
    return Arrays.stream(logits).mapToInt(row -> IntStream.range(0, row.length)
        .reduce((a, b) -> row[b] > row[a] ? b : a).orElseThrow()).toArray();
  }

  /** How many weights the optimizer moves. */
  public long trainableParameters() {
    return network.getParameters().values().stream().filter(Parameter::requiresGradient)
        .mapToLong(p -> p.getArray().size()).sum();
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
