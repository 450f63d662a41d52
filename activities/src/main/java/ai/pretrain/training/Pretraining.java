package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.cache.StageRun;
import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.Shards;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.spec.PretrainSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** The pretrain stage: a denoising autoencoder trained on the unlabeled training split; its encoder is the output. */
final class Pretraining {

  private final StageRun stage;
  private final PretrainSpec spec;
  private final long seed;
  private final Heartbeat heartbeat;
  private final Duration checkpointInterval;

  Pretraining(StageRun stage, PretrainSpec spec, long seed, Heartbeat heartbeat, Duration checkpointInterval) {
    this.stage = stage;
    this.spec = spec;
    this.seed = seed;
    this.heartbeat = heartbeat;
    this.checkpointInterval = checkpointInterval;
  }

  StageResult run(StageResult data) throws IOException {
    ExampleShard train = Shards.read(stage, Shards.training(data));
    ExampleShard validation = Shards.read(stage, List.of(data.artifact("validation")));
    // images arrive as pixels in [0, 1]; tables standardized, unbounded
    boolean pixels = data.metrics().getOrDefault(DataPrepActivitiesImpl.IMAGE_HEIGHT, 0.0) > 0;
    DenoisingAutoencoder autoencoder = new DenoisingAutoencoder(spec, train.featureCount(), pixels);
    Optional<TrainingCheckpoint> resume = Resumption.fromPreviousAttempt(heartbeat, stage);
    TrainingCheckpoint.State start = Resumption.startState(resume);
    HeartbeatListener heartbeats =
        new HeartbeatListener(heartbeat, stage.log()::info, start.epochsDone(), start.steps(), spec.epochs());
    int stepsPerEpoch = TrainingLoop.stepsPerEpoch(train.size(), spec.batchSize(), spec.maxBatchesPerEpoch());
    AdamW optimizer = new AdamW(
        LearningRateSchedule.of(spec.learningRate(), spec.optimizer(), stepsPerEpoch, spec.epochs()),
        spec.weightDecay(), spec.optimizer().l1(), spec.optimizer().decoupledWeightDecay());
    double[] trainLoss = {start.lastLoss()};
    double[] validationLoss = {Double.NaN};
    TrainingHistory history = Resumption.history(resume);

    try (TrainingSession session = new TrainingSession("denoising-autoencoder", autoencoder.network,
        new HalfSquaredError(), optimizer, train.featureCount(), seed, manager -> {
          if (resume.isPresent()) {
            resume.get().loadWeights(autoencoder.network, manager);
          }
        }, heartbeats)) {
      if (resume.isPresent()) {
        resume.get().loadOptimizer(optimizer, autoencoder.network, session.model.getNDManager());
        resume.get().close();
      }
      Checkpoints checkpoints =
          new Checkpoints(stage, autoencoder.network, optimizer, heartbeats, checkpointInterval);
      new TrainingLoop(session.trainer, Stages.PRETRAIN, spec.batchSize(), spec.maxBatchesPerEpoch(), seed,
          spec.optimizer().gradientClipNorm())
          .fit(train.size(), start.epochsDone(), spec.epochs(),
              (manager, indices, random) -> corruptedBatch(autoencoder, train, manager, indices, random),
              (done, loss) -> {
                trainLoss[0] = loss;
                validationLoss[0] = validationLoss(session, autoencoder, validation);
                history.add(new TrainingHistory.Epoch(done, loss, validationLoss[0], Double.NaN));
                checkpoints.afterEpoch(spec.epochs(),
                    new TrainingCheckpoint.State(done, heartbeats.steps(), loss, 0, Double.NEGATIVE_INFINITY), null,
                    history);
                return true;
              });
      if (Double.isNaN(validationLoss[0])) {
        validationLoss[0] = validationLoss(session, autoencoder, validation);
      }

      Path workspace = stage.workspace();
      ArtifactRef encoder = stage.upload("encoder.params",
          Weights.save(autoencoder.encoder, workspace.resolve("encoder.params")), "model");
      ArtifactRef full = stage.upload("autoencoder.params",
          Weights.save(autoencoder.network, workspace.resolve("autoencoder.params")), "checkpoint");
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("trainLoss", trainLoss[0]);
      metrics.put("validationLoss", validationLoss[0]);
      metrics.put("epochs", (double) spec.epochs());
      metrics.put("samplesPerSecond", heartbeats.samplesPerSecond());
      ArtifactRef curve = stage.upload("history.json", history.toJson(), "metrics");
      return stage.complete(Map.of("encoder", encoder, "autoencoder", full, "history", curve), metrics);
    }
  }

  private static NDList[] corruptedBatch(DenoisingAutoencoder autoencoder, ExampleShard shard, NDManager manager,
      int[] indices, Random random) {
    int f = shard.featureCount();
    float[] clean = new float[indices.length * f];
    for (int i = 0; i < indices.length; i++) {
      shard.copyFeatures(indices[i], clean, i * f);
    }
    float[] noisy = new float[clean.length];
    autoencoder.corrupt(clean, noisy, random);
    Shape shape = new Shape(indices.length, f);
    return new NDList[] {new NDList(manager.create(noisy, shape)), new NDList(manager.create(clean, shape))};
  }

  /** Reconstruction error on the validation split, corrupted with a fixed generator so runs compare. */
  private double validationLoss(TrainingSession session, DenoisingAutoencoder autoencoder, ExampleShard validation) {
    int[] all = java.util.stream.IntStream.range(0, validation.size()).toArray();
    try (NDManager manager = session.trainer.getManager().newSubManager()) {
      NDList[] xy = corruptedBatch(autoencoder, validation, manager, all, new Random(seed));
      NDList reconstruction = session.trainer.evaluate(xy[0]);
      NDArray loss = session.trainer.getLoss().evaluate(xy[1], reconstruction);
      return loss.getFloat();
    }
  }
}
