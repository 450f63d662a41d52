package ai.pretrain.training;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.ShardSeries;
import ai.pretrain.export.Safetensors;
import ai.pretrain.huggingface.BertConfig;
import ai.pretrain.huggingface.BertMaskedLanguageModel;
import ai.pretrain.huggingface.CheckpointArtifacts;
import ai.pretrain.huggingface.CheckpointMaskedTokenExamples;
import ai.pretrain.huggingface.CheckpointWeights;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRun;
import ai.pretrain.text.LanguageModelBatches;
import ai.pretrain.text.TokenCrossEntropy;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Continued pretraining of an imported checkpoint: masked-LM ({@link CheckpointMaskedTokenExamples}) on the task's
 * own text, through the same fit as every pretraining here (heartbeats, checkpoints, resume), starting from the
 * checkpoint's encoder and masked-LM head (a new head where it has none). Its output is again a checkpoint, the
 * {@code model.safetensors} of a {@code BertForMaskedLM} (or the family's masked-LM model), which the classifier then
 * starts from.
 */
final class CheckpointLanguageModelTraining {

  /** Validation windows scored per epoch: enough for a stable perplexity, few enough to stay a small cost. */
  private static final int VALIDATION_WINDOWS = 256;

  private final TrainingContext context;
  private final StageRun stage;
  private final PretrainSpec spec;
  private final long seed;

  CheckpointLanguageModelTraining(TrainingContext context, PretrainSpec spec) {
    this.context = context;
    this.stage = context.stage();
    this.spec = spec;
    this.seed = context.seed();
  }

  StageResult run(BertConfig config, Path checkpoint, Path tokenizer, ShardSeries train, ExampleShard validation)
      throws IOException {
    CheckpointMaskedTokenExamples objective;
    try {
      objective = CheckpointMaskedTokenExamples.of(tokenizer, config.vocabularySize());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "NoMaskToken");
    }
    int length = train.featureCount();
    TokenWindows windows = new TokenWindows(train, length);
    int[][] heldOut = LanguageModelTraining.windows(validation, length);
    heldOut = Arrays.copyOf(heldOut, Math.min(heldOut.length, VALIDATION_WINDOWS));
    boolean pooler;
    Path start = stage.workspace().resolve("imported-language-model.params");
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights weights = CheckpointWeights.read(manager, checkpoint);
      pooler = weights.has("pooler.dense.weight");
      BertMaskedLanguageModel imported = new BertMaskedLanguageModel(config, pooler);
      imported.initialize(manager, DataType.FLOAT32, new Shape(1, length));
      boolean head = imported.load(weights);
      stage.log().info(head ? "continuing from the checkpoint's masked-LM head"
          : "the checkpoint has no masked-LM head tied to its word embeddings ("
              + config.family().maskedLanguageModelHead().bias() + "): starting a new one");
      Weights.save(imported, start);
    }
    BertMaskedLanguageModel network = new BertMaskedLanguageModel(config, pooler);
    int[][] heldOutWindows = heldOut;
    SelfSupervisedFit.Result fitted = new SelfSupervisedFit(context, spec).fit(
        "bert-masked-lm", network, new TokenCrossEntropy(), length, windows.size(),
        LanguageModelTraining.DEFAULT_CLIP_NORM, start, manager -> network.freezePooler(),
        windows.batches(objective),
        (trainer, alive) ->
            LanguageModelTraining.validationLoss(trainer, objective, heldOutWindows, spec.batchSize(), seed, alive),
        () -> {
          Path file = stage.workspace().resolve(CheckpointArtifacts.WEIGHTS_FILE);
          Safetensors.write(file, network.tensors(), Map.of("format", "pt"));
          return Map.of(Artifacts.CHECKPOINT_WEIGHTS,
              stage.upload(CheckpointArtifacts.WEIGHTS_FILE, file, "checkpoint"));
        });
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
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(fitted.artifacts());
    artifacts.put(Artifacts.HISTORY, stage.upload("history.json", fitted.history().toJson(), "metrics"));
    return stage.complete(artifacts, metrics);
  }
}
