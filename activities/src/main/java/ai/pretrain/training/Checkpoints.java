package ai.pretrain.training;

import ai.djl.nn.Block;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Saves a {@link TrainingCheckpoint} to the store at an epoch boundary once {@code interval} has passed since the last
 * one, and heartbeats its reference so a retried attempt resumes there instead of at epoch 0.
 */
final class Checkpoints {

  private final StageRun stage;
  private final Block network;
  private final AdamW optimizer;
  private final HeartbeatListener heartbeats;
  private final long intervalNanos;
  private long lastSaveNanos = System.nanoTime();

  Checkpoints(StageRun stage, Block network, AdamW optimizer, HeartbeatListener heartbeats, Duration interval) {
    this.stage = stage;
    this.network = network;
    this.optimizer = optimizer;
    this.heartbeats = heartbeats;
    this.intervalNanos = interval.toNanos();
  }

  /** Checkpoints if due; {@code bestWeights} (may be null) is what early stopping has kept so far. */
  void afterEpoch(int totalEpochs, TrainingCheckpoint.State state, Path bestWeights, TrainingHistory history)
      throws IOException {
    long now = System.nanoTime();
    if (state.epochsDone() >= totalEpochs || now - lastSaveNanos < intervalNanos) {
      return;
    }
    Path file = stage.workspace().resolve("checkpoint.zip");
    TrainingCheckpoint.write(file, network, optimizer, bestWeights, state, history);
    ArtifactRef ref = stage.upload(String.format("checkpoints/epoch-%04d.zip", state.epochsDone()), file, "checkpoint");
    Files.delete(file);
    lastSaveNanos = now;
    heartbeats.checkpointed(ref, state.epochsDone(), state.lastLoss());
  }
}
