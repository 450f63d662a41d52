package ai.pretrain.training;

import ai.djl.nn.Block;
import ai.pretrain.artifact.ArtifactRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves a {@link TrainingCheckpoint} to the store at an epoch boundary once the context's interval has passed since the
 * last one, and heartbeats its reference so a retried attempt resumes there instead of at epoch 0. It runs after the
 * other epoch listeners, so the checkpoint holds the epoch's history and early stopping's best epoch.
 */
final class Checkpoints implements EpochListener {

  private final TrainingContext context;
  private final Block network;
  private final AdamW optimizer;
  private final HeartbeatListener heartbeats;
  private final int totalEpochs;
  private final TrainingHistory history;
  private final long intervalNanos;
  private EarlyStopping stopping;
  private Path bestWeights;
  private long lastSaveNanos = System.nanoTime();

  Checkpoints(TrainingContext context, Block network, AdamW optimizer, HeartbeatListener heartbeats, int totalEpochs,
      TrainingHistory history) {
    this.context = context;
    this.network = network;
    this.optimizer = optimizer;
    this.heartbeats = heartbeats;
    this.totalEpochs = totalEpochs;
    this.history = history;
    this.intervalNanos = context.checkpointInterval().toNanos();
  }

  /** Checkpoints also early stopping's best epoch and the weights it kept in {@code weights}. */
  Checkpoints withBest(EarlyStopping bestOf, Path weights) {
    this.stopping = bestOf;
    this.bestWeights = weights;
    return this;
  }

  @Override
  public void onEpochEnd(int epochsDone, double meanLoss) throws IOException {
    long now = System.nanoTime();
    if (epochsDone >= totalEpochs || now - lastSaveNanos < intervalNanos) {
      return;
    }
    ArtifactRef ref = save(String.format("checkpoints/epoch-%04d.zip", epochsDone), epochsDone, meanLoss);
    lastSaveNanos = now;
    heartbeats.checkpointed(ref, epochsDone, meanLoss);
  }

  /**
   * The state training ended in, for a later stage to go on from (a sweep trial's next rung); after the last epoch
   * {@link #onEpochEnd} saves nothing, so this is the only save of it.
   */
  ArtifactRef saveFinal(int epochsDone, double meanLoss) throws IOException {
    return save("training-state.zip", epochsDone, meanLoss);
  }

  private ArtifactRef save(String name, int epochsDone, double meanLoss) throws IOException {
    TrainingCheckpoint.State state = new TrainingCheckpoint.State(epochsDone, heartbeats.steps(), meanLoss,
        stopping == null ? 0 : stopping.bestEpoch(),
        stopping == null ? Double.NEGATIVE_INFINITY : stopping.bestScore());
    Path file = context.stage().workspace().resolve("checkpoint.zip");
    TrainingCheckpoint.write(file, network, optimizer, bestWeights, state, history);
    ArtifactRef ref = context.stage().upload(name, file, "checkpoint");
    Files.delete(file);
    return ref;
  }
}
