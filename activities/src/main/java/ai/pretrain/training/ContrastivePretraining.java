package ai.pretrain.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.augment.AugmentationPipeline;
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
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The pretrain stage for the contrastive objective: SimCLR on the unlabeled training split. Each batch holds two views
 * of each of its images, drawn independently with the spec's augmentations; {@link NtXentLoss} pulls the views of an
 * image together against the batch's other images. The encoder is the output, without the projection head.
 */
final class ContrastivePretraining {

  /** Validation images scored per epoch: enough negatives to compare epochs, one similarity matrix in memory. */
  static final int VALIDATION_IMAGES = 512;

  private final TrainingContext context;
  private final StageRun stage;
  private final PretrainSpec spec;
  private final long seed;

  ContrastivePretraining(TrainingContext context, PretrainSpec spec) {
    this.context = context;
    this.stage = context.stage();
    this.spec = spec;
    this.seed = context.seed();
  }

  StageResult run(PreparedData data) throws IOException {
    ShardSeries train = ShardSeries.download(stage, data.pretrainingShards());
    ExampleShard validation = Shards.readFirst(stage, data.artifact(Artifacts.VALIDATION), VALIDATION_IMAGES);
    int features = train.featureCount();
    AugmentationPipeline views = views(data, features);
    SimClr simClr = new SimClr(spec, ImageGeometry.of(data));
    Path workspace = stage.workspace();
    int[] validationImages = IntStream.range(0, validation.size()).toArray();
    SelfSupervisedFit.Result fitted = new SelfSupervisedFit(context, spec).fit(
        PretrainSpec.CONTRASTIVE, simClr.network, new NtXentLoss(spec.temperature()), features,
        train.size(), spec.optimizer().gradientClipNorm(), null, manager -> { },
        TrainingLoop.Batches.inOrderOf(train,
            (manager, indices, random) -> viewPairs(train, views, manager, indices, random)),
        (trainer, alive) -> validationLoss(trainer, validation, views, validationImages),
        () -> Map.of(Artifacts.ENCODER, stage.upload("encoder.params",
            Weights.save(simClr.encoder, workspace.resolve("encoder.params")), "model")));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("trainLoss", fitted.trainLoss());
    metrics.put("validationLoss", fitted.validationLoss());
    metrics.put("epochs", (double) spec.epochs());
    metrics.put("samplesPerSecond", fitted.samplesPerSecond());
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(fitted.artifacts());
    artifacts.put(Artifacts.HISTORY, stage.upload("history.json", fitted.history().toJson(), "metrics"));
    return stage.complete(artifacts, metrics);
  }

  /** The spec's augmentations for the prepared images' geometry; anything but images fails for good. */
  private AugmentationPipeline views(PreparedData data, int features) {
    ImageGeometry images = ImageGeometry.of(data);
    if (!images.isImage() || features != images.features()) {
      throw ApplicationFailure.newNonRetryableFailure("pretrain.objective: contrastive pretrains on images and this "
          + "dataset has none; use denoising-autoencoder", "InvalidObjective");
    }
    return StageAugmentations.of(spec.augmentations(), "pretrain.augmentations", images);
  }

  /**
   * The first views of the batch's images, then their second views in the same order, each drawn afresh; the labels
   * are placeholders, since an image's positive is its row's counterpart ({@link NtXentLoss#positive}).
   */
  static NDList[] viewPairs(LabeledExamples examples, AugmentationPipeline views, NDManager manager, int[] indices,
      Random random) {
    int f = examples.featureCount();
    int n = indices.length;
    float[] x = new float[2 * n * f];
    for (int i = 0; i < n; i++) {
      examples.copyFeatures(indices[i], x, i * f);
      System.arraycopy(x, i * f, x, (n + i) * f, f);
    }
    views.apply(x, 2 * n, random);
    return new NDList[] {
        new NDList(manager.create(x, new Shape(2L * n, f))),
        new NDList(manager.zeros(new Shape(2L * n)))
    };
  }

  /** NT-Xent on views of the first validation images, drawn with a fixed generator so epochs compare. */
  private double validationLoss(Trainer trainer, ExampleShard validation, AugmentationPipeline views, int[] images) {
    try (NDManager manager = trainer.getManager().newSubManager()) {
      NDList[] xy = viewPairs(validation, views, manager, images, new Random(seed));
      return trainer.getLoss().evaluate(xy[1], trainer.evaluate(xy[0])).getFloat();
    }
  }
}
