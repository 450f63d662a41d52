package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.data.LabeledExamples;
import ai.pretrain.data.ShardSeries;
import ai.pretrain.data.Shards;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The pretrain stage: a denoising autoencoder trained on the unlabeled training split; its encoder is the output. The
 * training shards are read as a {@link ShardSeries} (whole when they fit its memory bound, else through its shuffle
 * buffer); the validation loss is scored on at most {@link #MAX_VALIDATION_EXAMPLES} validation examples, which data
 * prep wrote in a seeded random order, so that it stays in memory however large the data.
 */
final class Pretraining {

  /** 65,536 examples: 13 MiB at 50 features, and every validation split of the built-in datasets whole. */
  static final int MAX_VALIDATION_EXAMPLES = 1 << 16;

  private final TrainingContext context;
  private final StageRun stage;
  private final PretrainSpec spec;
  private final long seed;

  Pretraining(TrainingContext context, PretrainSpec spec) {
    this.context = context;
    this.stage = context.stage();
    this.spec = spec;
    this.seed = context.seed();
  }

  StageResult run(PreparedData data) throws IOException {
    ShardSeries train = ShardSeries.download(stage, data.pretrainingShards());
    ExampleShard validation =
        Shards.readFirst(stage, data.artifact(Artifacts.VALIDATION), MAX_VALIDATION_EXAMPLES);
    DenoisingAutoencoder autoencoder = new DenoisingAutoencoder(spec, train.featureCount(), ImageGeometry.of(data));
    Path workspace = stage.workspace();
    SelfSupervisedFit.Result fitted = new SelfSupervisedFit(context, spec).fit(
        "denoising-autoencoder", autoencoder.network, new HalfSquaredError(), train.featureCount(), train.size(),
        spec.optimizer().gradientClipNorm(), null, manager -> { },
        TrainingLoop.Batches.inOrderOf(train,
            (manager, indices, random) -> corruptedBatch(autoencoder, train, manager, indices, random)),
        (trainer, alive) -> validationLoss(trainer, autoencoder, validation),
        () -> Map.of(
            Artifacts.ENCODER, stage.upload("encoder.params",
                Weights.save(autoencoder.encoder, workspace.resolve("encoder.params")), "model"),
            Artifacts.AUTOENCODER, stage.upload("autoencoder.params",
                Weights.save(autoencoder.network, workspace.resolve("autoencoder.params")), "checkpoint")));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("trainLoss", fitted.trainLoss());
    metrics.put("validationLoss", fitted.validationLoss());
    metrics.put("epochs", (double) spec.epochs());
    metrics.put("samplesPerSecond", fitted.samplesPerSecond());
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(fitted.artifacts());
    artifacts.put(Artifacts.HISTORY, stage.upload("history.json", fitted.history().toJson(), "metrics"));
    return stage.complete(artifacts, metrics);
  }

  private static NDList[] corruptedBatch(DenoisingAutoencoder autoencoder, LabeledExamples examples,
      NDManager manager, int[] indices, Random random) {
    int f = examples.featureCount();
    float[] clean = new float[indices.length * f];
    for (int i = 0; i < indices.length; i++) {
      examples.copyFeatures(indices[i], clean, i * f);
    }
    float[] noisy = new float[clean.length];
    autoencoder.corrupt(clean, noisy, random);
    Shape shape = new Shape(indices.length, f);
    return new NDList[] {new NDList(manager.create(noisy, shape)), new NDList(manager.create(clean, shape))};
  }

  /** Reconstruction error on the validation split, corrupted with a fixed generator so runs compare. */
  private double validationLoss(Trainer trainer, DenoisingAutoencoder autoencoder, ExampleShard validation) {
    int[] all = java.util.stream.IntStream.range(0, validation.size()).toArray();
    try (NDManager manager = trainer.getManager().newSubManager()) {
      NDList[] xy = corruptedBatch(autoencoder, validation, manager, all, new Random(seed));
      NDList reconstruction = trainer.evaluate(xy[0]);
      NDArray loss = trainer.getLoss().evaluate(xy[1], reconstruction);
      return loss.getFloat();
    }
  }
}
