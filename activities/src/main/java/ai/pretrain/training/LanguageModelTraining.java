package ai.pretrain.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.Trainer;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.data.ShardSeries;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRun;
import ai.pretrain.text.BpeTokenizer;
import ai.pretrain.text.LanguageModel;
import ai.pretrain.text.LanguageModelBatches;
import ai.pretrain.text.LanguageModelExamples;
import ai.pretrain.text.LanguageModelingObjective;
import ai.pretrain.text.TextEncoder;
import ai.pretrain.text.TokenCrossEntropy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains the transformer as a language model with the spec's objective (a {@code LanguageModelingObjective} plugin: masked or
 * causal LM built in) over token windows, with the pipeline's heartbeats, checkpoints and resume: the pretrain stage
 * on the corpus, and the adapt stage's continued pretraining on the task's own text, which starts from the pretrained
 * language model. Outputs the {@code encoder} (what a classifier starts from) and the whole {@code language-model}
 * (what continued pretraining starts from).
 */
final class LanguageModelTraining {

  /** Gradient norm language models are clipped to unless the spec sets its own, as BERT and GPT pretraining do. */
  static final double DEFAULT_CLIP_NORM = 1.0;

  private final TrainingContext context;
  private final StageRun stage;
  private final PretrainSpec spec;
  private final long seed;

  LanguageModelTraining(TrainingContext context, PretrainSpec spec) {
    this.context = context;
    this.stage = context.stage();
    this.spec = spec;
    this.seed = context.seed();
  }

  /**
   * Trains on {@code train}'s windows, scoring {@code validation}'s after each epoch; from the language model in
   * {@code startFrom} when given (metric {@code initialValidationPerplexity} then says where it began).
   */
  StageResult run(Path tokenizer, ShardSeries train, ExampleShard validation, Path startFrom) throws IOException {
    LanguageModelExamples objective =
        LanguageModelingObjective.named(spec.objective()).examples(BpeTokenizer.load(tokenizer), spec.transformer());
    int length = spec.transformer().sequenceLength();
    TokenWindows windows = new TokenWindows(train, objective.windowLength(length));
    int[][] heldOut = windows(validation, objective.windowLength(length));
    SequentialBlock encoder = Encoder.build(spec.encoder(), ImageGeometry.NONE);
    LanguageModel network = new LanguageModel(((TextEncoder) encoder.getChildren().get(0).getValue()).transformer());

    double clipNorm = spec.optimizer().gradientClipNorm() > 0 ? spec.optimizer().gradientClipNorm() : DEFAULT_CLIP_NORM;
    Path workspace = stage.workspace();
    SelfSupervisedFit.Result fitted = new SelfSupervisedFit(context, spec).fit(
        objective.name(), network, new TokenCrossEntropy(), length, windows.size(), clipNorm, startFrom,
        // the classifier's view of the same transformer, saved as the encoder artifact
        manager -> encoder.initialize(manager, DataType.FLOAT32, new Shape(1, length)),
        windows.batches(objective),
        (trainer, alive) -> validationLoss(trainer, objective, heldOut, spec.batchSize(), seed, alive),
        () -> Map.of(
            Artifacts.ENCODER,
            stage.upload("encoder.params", Weights.save(encoder, workspace.resolve("encoder.params")), "model"),
            Artifacts.LANGUAGE_MODEL, stage.upload("language-model.params",
                Weights.save(network, workspace.resolve("language-model.params")), "checkpoint")));
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (!Double.isNaN(fitted.initialValidationLoss())) {
      metrics.put("initialValidationPerplexity", Math.exp(fitted.initialValidationLoss()));
    }
    metrics.put("trainLoss", fitted.trainLoss());
    metrics.put("validationLoss", fitted.validationLoss());
    metrics.put("validationPerplexity", Math.exp(fitted.validationLoss()));
    metrics.put("epochs", (double) spec.epochs());
    metrics.put("trainWindows", (double) windows.size());
    metrics.put("samplesPerSecond", fitted.samplesPerSecond());
    metrics.put("tokensPerSecond", fitted.samplesPerSecond() * length);
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(fitted.artifacts());
    artifacts.put(Artifacts.HISTORY, stage.upload("history.json", fitted.history().toJson(), "metrics"));
    return stage.complete(artifacts, metrics);
  }

  /** Mean token cross-entropy on {@code windows} without dropout, masks from a fixed generator so epochs compare. */
  static double validationLoss(Trainer trainer, LanguageModelExamples objective, int[][] windows, int batchSize,
      long seed, Runnable alive) {
    Random random = new Random(seed);
    double nll = 0;
    double weight = 0;
    for (int from = 0; from < windows.length; from += batchSize) {
      int[] indices = IntStream.range(from, Math.min(windows.length, from + batchSize)).toArray();
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDList[] batch = LanguageModelBatches.build(manager, objective, i -> windows[i], indices, random);
        nll += TokenCrossEntropy.negativeLogLikelihood(batch[1], trainer.evaluate(batch[0])).sum().getFloat();
        weight += batch[1].get(1).sum().getFloat();
      }
      alive.run();
    }
    return nll / Math.max(1, weight);
  }

  /** The token windows a validation shard holds (ids stored as floats), each cut to the objective's window length. */
  static int[][] windows(ExampleShard shard, int length) {
    float[] row = new float[shard.featureCount()];
    int[][] windows = new int[shard.size()][length];
    for (int i = 0; i < shard.size(); i++) {
      shard.copyFeatures(i, row, 0);
      for (int t = 0; t < length; t++) {
        windows[i][t] = (int) row[t];
      }
    }
    return windows;
  }
}
