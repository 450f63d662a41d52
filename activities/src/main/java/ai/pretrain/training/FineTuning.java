package ai.pretrain.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.augment.AugmentationPipeline;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.data.LabeledExamples;
import ai.pretrain.data.ShardSeries;
import ai.pretrain.network.ClassifierNetwork;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.UnlabeledSpec;
import ai.pretrain.stage.StageRun;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The fine-tune stage: supervised training of the adapted classifier on the labeled examples (cross-entropy over the
 * classes, or mean squared error on a regression's standardized target), with early stopping on a validation metric;
 * the best epoch's weights are the output. The labeled, validation and unlabeled splits are read as
 * {@link ShardSeries}: held whole where they fit its memory bound (every built-in dataset's do), else training batches
 * come through its seeded shuffle buffer and validation is scored block by block.
 */
final class FineTuning {

  private final TrainingContext context;
  private final StageRun stage;
  private final FineTuneSpec spec;
  private final long inMemoryBytes;

  /** {@code inMemoryBytes}: the most features of a split held whole ({@link ShardSeries#IN_MEMORY_BYTES}). */
  FineTuning(TrainingContext context, FineTuneSpec spec, long inMemoryBytes) {
    this.context = context;
    this.stage = context.stage();
    this.spec = spec;
    this.inMemoryBytes = inMemoryBytes;
  }

  StageResult run(EncoderSpec architecture, AdaptSpec adapt, PreparedData data, StageResult adapted)
      throws IOException {
    return run(architecture, adapt, data, adapted, spec.epochs());
  }

  /**
   * Trains up to epoch {@code untilEpoch} of the {@code spec.epochs()} its learning-rate schedule spans: from
   * {@code from}'s training state where it has one (a sweep trial's previous rung), else from {@code from}'s model at
   * epoch 0. Short of the last epoch, the result carries its own training state for the next rung to go on from.
   */
  StageResult run(EncoderSpec architecture, AdaptSpec adapt, PreparedData data, StageResult from, int untilEpoch)
      throws IOException {
    ShardSeries labeled = series("labeled", List.of(data.artifact(Artifacts.LABELED)));
    ShardSeries validation = series("validation", List.of(data.artifact(Artifacts.VALIDATION)));
    if (labeled.isRegression() && !"validationLoss".equals(spec.monitor())) {
      throw ApplicationFailure.newNonRetryableFailure("fineTune.monitor is " + spec.monitor() + " but the dataset is "
          + "a regression, which has no accuracy; use validationLoss (the validation mean squared error)",
          "InvalidMonitor");
    }
    AugmentationPipeline augmentations =
        StageAugmentations.of(spec.augmentations(), "fineTune.augmentations", ImageGeometry.of(data));
    PseudoLabelling pseudoLabelling = pseudoLabelling(data, labeled, augmentations);
    ClassifierNetwork classifier = ClassifierNetworks.of(stage, architecture, adapt, data, labeled.classCount());
    Block network = classifier.network();
    // a retried attempt goes on from its own last checkpoint, which is later than the previous rung's state
    Optional<TrainingCheckpoint> attempt = Resumption.fromPreviousAttempt(context.heartbeat(), stage);
    Optional<TrainingCheckpoint> resume = attempt.isPresent() ? attempt : Resumption.fromPreviousRung(stage, from);
    TrainingCheckpoint.State start = Resumption.startState(resume);
    Path initial = resume.isPresent() ? null : stage.download(from.artifact(Artifacts.MODEL), "adapted.params");
    Path best = stage.workspace().resolve("best.params");
    HeartbeatListener heartbeats =
        new HeartbeatListener(context.heartbeat(), stage.log()::info, start.epochsDone(), start.steps(), spec.epochs());
    // an epoch passes over the labeled examples, or with pseudo-labelling over the unlabeled ones
    LabeledExamples epoch = pseudoLabelling == null ? labeled : pseudoLabelling.unlabeled();
    int examples = epoch.size();
    int batchSize = pseudoLabelling == null ? spec.batchSize() : pseudoLabelling.batchSize(spec.batchSize());
    int updatesPerEpoch = TrainingLoop.updatesPerEpoch(examples, batchSize, spec.maxBatchesPerEpoch(),
        spec.accumulationSteps());
    AdamW optimizer = new AdamW(
        LearningRateSchedule.of(spec.learningRate(), spec.optimizer(), updatesPerEpoch, spec.epochs()),
        spec.weightDecay(), spec.optimizer().l1(), spec.optimizer().decoupledWeightDecay(),
        classifier.learningRateScales(spec.layerLearningRateDecay()));
    double[] trainLoss = {start.lastLoss()};
    int[] epochsRun = {start.epochsDone()};
    long trainable;
    TrainingHistory history = Resumption.history(resume);

    Loss objective = labeled.isRegression() ? new MeanSquaredError()
        : pseudoLabelling != null ? PseudoLabelling.loss(spec.unlabeled()) : Loss.softmaxCrossEntropyLoss();
    // NaN until an epoch runs here: a resumed fine-tuning with every epoch done has no share to report
    double[] confidentShare = {Double.NaN};
    EarlyStopping stopping;
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    try (TrainingSession session = new TrainingSession("classifier", network, objective, optimizer,
        labeled.featureCount(), context.seed(), manager -> {
          if (resume.isPresent()) {
            resume.get().loadWeights(network, manager);
          } else {
            Weights.load(network, manager, initial);
          }
          classifier.freeze();
        }, heartbeats)) {
      NDManager manager = session.model.getNDManager();
      trainable = network.getParameters().values().stream().filter(Parameter::requiresGradient)
          .mapToLong(p -> p.getArray().size()).sum();
      if (resume.isPresent()) {
        resume.get().loadOptimizer(optimizer, network, manager);
        resume.get().extractBest(best);
        resume.get().close();
      }
      EpochListener progress = (done, loss) -> {
        trainLoss[0] = loss;
        if (objective instanceof PseudoLabelLoss pseudoLabels) {
          confidentShare[0] = pseudoLabels.confidentShare();
        }
        epochsRun[0] = done;
      };
      EpochValidation scoring = new EpochValidation(
          () -> ValidationScores.of(classifier, manager, validation, heartbeats::keepAlive), history);
      stopping = new EarlyStopping(spec.monitor(), spec.patience(), scoring, () -> Weights.save(network, best));
      stopping.restore(start.epochsDone(), start.bestEpoch(), start.bestScore());
      Checkpoints checkpoints =
          new Checkpoints(context, network, optimizer, heartbeats, untilEpoch, history).withBest(stopping, best);
      // a trial whose early stopping ended it in an earlier rung trains no further
      int lastEpoch = stopping.stopsTraining() ? start.epochsDone() : untilEpoch;
      new TrainingLoop(session.trainer, Stages.FINE_TUNE, batchSize, spec.maxBatchesPerEpoch(), context.seed(),
          spec.optimizer().gradientClipNorm(), spec.accumulationSteps())
          .fit(examples, start.epochsDone(), lastEpoch,
              TrainingLoop.Batches.inOrderOf(epoch, (batchManager, indices, random) -> pseudoLabelling == null
                  ? labeledBatch(labeled, batchManager, indices, augmentations, random)
                  : pseudoLabelling.batch(labeled, batchManager, indices, random)),
              List.of(progress, scoring, stopping, checkpoints));
      if (!Files.exists(best)) {
        Weights.save(network, best);
      }
      if (untilEpoch < spec.epochs()) {
        artifacts.put(Artifacts.TRAINING_STATE, checkpoints.saveFinal(epochsRun[0], trainLoss[0]));
      }
    }
    ValidationScores bestScores;
    try (TrainedClassifier chosen = TrainedClassifier.load(
        ClassifierNetworks.of(stage, architecture, adapt, data, labeled.classCount()), best)) {
      bestScores = chosen.score(validation, heartbeats::keepAlive);
    }
    ArtifactRef model = stage.upload("model.params", best, "model");
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (!validation.isRegression()) {
      metrics.put("validationAccuracy", bestScores.accuracy());
    }
    metrics.put("validationLoss", bestScores.loss());
    metrics.put("bestEpoch", (double) stopping.bestEpoch());
    metrics.put("epochs", (double) epochsRun[0]);
    metrics.put("trainLoss", trainLoss[0]);
    metrics.put("labeledExamples", (double) labeled.size());
    metrics.put("trainableParameters", (double) trainable);
    if (!Double.isNaN(confidentShare[0])) {
      metrics.put("pseudoLabelShare", confidentShare[0]);
    }
    ArtifactRef curve = stage.upload("history.json", history.toJson(), "metrics");
    artifacts.put(Artifacts.MODEL, model);
    artifacts.put(Artifacts.HISTORY, curve);
    return stage.complete(artifacts, metrics);
  }

  /** The unlabeled images and their views where {@code fineTune.unlabeled} is set, else null. */
  private PseudoLabelling pseudoLabelling(PreparedData data, LabeledExamples labeled, AugmentationPipeline weak)
      throws IOException {
    UnlabeledSpec unlabeled = spec.unlabeled();
    if (unlabeled == null) {
      return null;
    }
    if (labeled.isRegression()) {
      throw ApplicationFailure.newNonRetryableFailure("fineTune.unlabeled: pseudo-labelling predicts classes and "
          + "this dataset is a regression; remove fineTune.unlabeled", "InvalidUnlabeled");
    }
    AugmentationPipeline strong = StageAugmentations.of(unlabeled.augmentations(),
        "fineTune.unlabeled.augmentations", ImageGeometry.of(data));
    return new PseudoLabelling(series("unlabeled", data.pretrainingShards()), weak, strong, unlabeled);
  }

  private ShardSeries series(String name, List<ArtifactRef> shards) throws IOException {
    return ShardSeries.download(stage, name, shards, inMemoryBytes);
  }

  private static NDList[] labeledBatch(LabeledExamples shard, NDManager manager, int[] indices,
      AugmentationPipeline augmentations, Random random) {
    int f = shard.featureCount();
    float[] x = new float[indices.length * f];
    float[] y = new float[indices.length];
    for (int i = 0; i < indices.length; i++) {
      shard.copyFeatures(indices[i], x, i * f);
      y[i] = shard.isRegression() ? shard.target(indices[i]) : shard.label(indices[i]);
    }
    if (!augmentations.isEmpty()) {
      augmentations.apply(x, indices.length, random);
    }
    return new NDList[] {
        new NDList(manager.create(x, new Shape(indices.length, f))),
        new NDList(manager.create(y, new Shape(indices.length)))
    };
  }
}
