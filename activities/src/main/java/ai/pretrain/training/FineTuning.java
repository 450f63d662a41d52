package ai.pretrain.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.cache.StageRun;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.Shards;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TrainingProgress;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fine-tune stage: supervised training of the adapted classifier on the labeled examples, with early stopping on
 * validation accuracy; the best epoch's weights are the output.
 */
final class FineTuning {

  private final StageRun stage;
  private final FineTuneSpec spec;
  private final long seed;
  private final Heartbeat heartbeat;
  private final Duration checkpointInterval;

  FineTuning(StageRun stage, FineTuneSpec spec, long seed, Heartbeat heartbeat, Duration checkpointInterval) {
    this.stage = stage;
    this.spec = spec;
    this.seed = seed;
    this.heartbeat = heartbeat;
    this.checkpointInterval = checkpointInterval;
  }

  StageResult run(PretrainSpec architecture, AdaptSpec adapt, StageResult data, StageResult adapted)
      throws IOException {
    ExampleShard labeled = Shards.read(stage, List.of(data.artifact("labeled")));
    ExampleShard validation = Shards.read(stage, List.of(data.artifact("validation")));
    Classifier classifier = new Classifier(architecture, adapt, labeled.classCount());
    Optional<TrainingProgress> resume = heartbeat.previousAttempt().filter(p -> p.checkpoint() != null);
    int epochsDone = resume.map(TrainingProgress::checkpointEpoch).orElse(0);
    ArtifactRef start = resume.map(TrainingProgress::checkpoint).orElse(adapted.artifact("model"));
    HeartbeatListener heartbeats = new HeartbeatListener(heartbeat, epochsDone, spec.epochs());
    EarlyStopping stopping = new EarlyStopping(spec.patience());
    Path best = stage.workspace().resolve("best.params");
    double[] trainLoss = {Double.NaN};
    int[] epochsRun = {epochsDone};

    try (TrainingSession session = new TrainingSession("classifier", classifier.network,
        Loss.softmaxCrossEntropyLoss(), spec.learningRate(), spec.weightDecay(), labeled.featureCount(), seed,
        manager -> {
          Weights.load(classifier.network, manager, stage.download(start, "start.params"));
          if (adapt.freezeEncoder()) {
            classifier.encoder.freezeParameters(true);
          }
        }, heartbeats)) {
      Checkpoints checkpoints = new Checkpoints(stage, classifier.network, heartbeats, checkpointInterval);
      NDManager manager = session.model.getNDManager();
      new TrainingLoop(session.trainer, Stages.FINE_TUNE, spec.batchSize(), spec.maxBatchesPerEpoch(), seed)
          .fit(labeled.size(), epochsDone, spec.epochs(),
              (batchManager, indices, random) -> labeledBatch(labeled, batchManager, indices),
              (done, loss) -> {
                trainLoss[0] = loss;
                epochsRun[0] = done;
                if (stopping.improved(done, Inference.accuracy(classifier.network, manager, validation))) {
                  Weights.save(classifier.network, best);
                }
                checkpoints.afterEpoch(done, spec.epochs(), loss);
                return !stopping.shouldStop(done);
              });
      if (stopping.bestEpoch() == 0) {
        Weights.save(classifier.network, best);
      }
      ArtifactRef model = stage.upload("model.params", best, "model");
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("validationAccuracy", stopping.bestEpoch() == 0
          ? Inference.accuracy(classifier.network, manager, validation) : stopping.best());
      metrics.put("bestEpoch", (double) stopping.bestEpoch());
      metrics.put("epochs", (double) epochsRun[0]);
      metrics.put("trainLoss", trainLoss[0]);
      metrics.put("labeledExamples", (double) labeled.size());
      return stage.complete(Map.of("model", model), metrics);
    }
  }

  private static NDList[] labeledBatch(ExampleShard shard, NDManager manager, int[] indices) {
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
}
