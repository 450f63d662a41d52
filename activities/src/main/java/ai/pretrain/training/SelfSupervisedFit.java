package ai.pretrain.training;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training both pretraining objectives share (the denoising autoencoder and language modelling): it resumes from
 * the checkpoint the previous attempt heartbeated, or else starts from given weights or a fresh initialisation; runs
 * AdamW with the spec's schedule over the spec's epochs; and after each epoch scores the validation split, records the
 * history and checkpoints when due.
 */
final class SelfSupervisedFit {

  /** The network's self-supervised loss on the validation split, without dropout. */
  interface ValidationLoss {
    /** {@code alive}: to call between batches of a long pass, which keeps the activity's heartbeat going. */
    double of(Trainer trainer, Runnable alive);
  }

  /** Saves the trained network's artifacts, while its weights are still alive. */
  interface Outputs {
    Map<String, ArtifactRef> save() throws IOException;
  }

  /**
   * @param initialValidationLoss the validation loss of the given starting weights; NaN from a fresh initialisation
   *     or a resumed checkpoint
   */
  record Result(Map<String, ArtifactRef> artifacts, double trainLoss, double validationLoss,
      double initialValidationLoss, TrainingHistory history, double samplesPerSecond) {}

  private final TrainingContext context;
  private final StageRun stage;
  private final PretrainSpec spec;

  SelfSupervisedFit(TrainingContext context, PretrainSpec spec) {
    this.context = context;
    this.stage = context.stage();
    this.spec = spec;
  }

  /**
   * Trains {@code network} on {@code examples} examples that {@code batches} builds, inputs of {@code features}, from
   * the weights in {@code startFrom} when given (null for a fresh initialisation); {@code beforeInit} runs after the
   * weights are loaded and before the trainer initializes the rest.
   */
  Result fit(String name, Block network, Loss loss, int features, int examples, double gradientClipNorm,
      Path startFrom, TrainingSession.BeforeInit beforeInit, TrainingLoop.Batches batches, ValidationLoss validation,
      Outputs outputs) throws IOException {
    Optional<TrainingCheckpoint> resume = Resumption.fromPreviousAttempt(context.heartbeat(), stage);
    TrainingCheckpoint.State start = Resumption.startState(resume);
    HeartbeatListener heartbeats =
        new HeartbeatListener(context.heartbeat(), stage.log()::info, start.epochsDone(), start.steps(), spec.epochs());
    int stepsPerEpoch = TrainingLoop.stepsPerEpoch(examples, spec.batchSize(), spec.maxBatchesPerEpoch());
    AdamW optimizer = new AdamW(
        LearningRateSchedule.of(spec.learningRate(), spec.optimizer(), stepsPerEpoch, spec.epochs()),
        spec.weightDecay(), spec.optimizer().l1(), spec.optimizer().decoupledWeightDecay());
    double[] trainLoss = {start.lastLoss()};
    TrainingHistory history = Resumption.history(resume);

    try (TrainingSession session = new TrainingSession(name, network, loss, optimizer, features, context.seed(),
        manager -> {
          if (resume.isPresent()) {
            resume.get().loadWeights(network, manager);
          } else if (startFrom != null) {
            Weights.load(network, manager, startFrom);
          }
          beforeInit.apply(manager);
        }, heartbeats)) {
      double initialValidationLoss = Double.NaN;
      if (resume.isPresent()) {
        resume.get().loadOptimizer(optimizer, network, session.model.getNDManager());
        resume.get().close();
      } else if (startFrom != null) {
        initialValidationLoss = validation.of(session.trainer, heartbeats::keepAlive);
      }
      // a self-supervised objective has a validation loss and no accuracy
      EpochValidation scoring = new EpochValidation(
          () -> new ValidationScores(Double.NaN, validation.of(session.trainer, heartbeats::keepAlive)), history);
      new TrainingLoop(session.trainer, stage.stage(), spec.batchSize(), spec.maxBatchesPerEpoch(), context.seed(),
          gradientClipNorm)
          .fit(examples, start.epochsDone(), spec.epochs(), batches, List.of(
              (done, meanLoss) -> trainLoss[0] = meanLoss,
              scoring,
              new Checkpoints(context, network, optimizer, heartbeats, spec.epochs(), history)));
      double validationLoss = scoring.last() != null ? scoring.last().loss()
          : validation.of(session.trainer, heartbeats::keepAlive);
      return new Result(outputs.save(), trainLoss[0], validationLoss, initialValidationLoss, history,
          heartbeats.samplesPerSecond());
    }
  }
}
