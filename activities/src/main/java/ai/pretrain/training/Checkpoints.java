package ai.pretrain.training;

import ai.djl.nn.Block;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.cache.StageRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Saves the network to the store at an epoch boundary once {@code interval} has passed since the last save, and
 * heartbeats the reference so a retried attempt resumes there instead of at epoch 0.
 */
final class Checkpoints {

  private final StageRun stage;
  private final Block network;
  private final HeartbeatListener heartbeats;
  private final long intervalNanos;
  private long lastSaveNanos = System.nanoTime();

  Checkpoints(StageRun stage, Block network, HeartbeatListener heartbeats, Duration interval) {
    this.stage = stage;
    this.network = network;
    this.heartbeats = heartbeats;
    this.intervalNanos = interval.toNanos();
  }

  void afterEpoch(int epochsDone, int totalEpochs, double meanLoss) throws IOException {
    long now = System.nanoTime();
    if (epochsDone >= totalEpochs || now - lastSaveNanos < intervalNanos) {
      return;
    }
    String name = String.format("checkpoints/epoch-%04d.params", epochsDone);
    Path file = Weights.save(network, stage.workspace().resolve("checkpoint.params"));
    ArtifactRef ref = stage.upload(name, file, "checkpoint");
    Files.delete(file);
    lastSaveNanos = now;
    heartbeats.checkpointed(ref, epochsDone, meanLoss);
  }
}
