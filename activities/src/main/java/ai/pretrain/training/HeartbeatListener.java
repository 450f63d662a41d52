package ai.pretrain.training;

import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.TrainingProgress;
import ai.pretrain.stage.Heartbeat;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reports training progress from DJL's listener callbacks: at most once a second from batches (the batch loss is only
 * computed then), and at once whenever a checkpoint is saved so a retry can resume from it.
 */
final class HeartbeatListener extends TrainingListenerAdapter {

  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private final Heartbeat heartbeat;
  private final Consumer<String> log;
  private long lastLogNanos = System.nanoTime();
  private final int totalEpochs;
  private final long startNanos = System.nanoTime();
  private int epoch;
  private long step;
  private long samples;
  private double loss = Double.NaN;
  private long lastBeatNanos;
  private ArtifactRef checkpoint;
  private int checkpointEpoch;

  HeartbeatListener(Heartbeat heartbeat, Consumer<String> log, int epochsDone, long stepsDone, int totalEpochs) {
    this.heartbeat = heartbeat;
    this.log = log;
    this.epoch = epochsDone + 1;
    this.step = stepsDone;
    this.totalEpochs = totalEpochs;
  }

  long steps() {
    return step;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    step++;
    samples += batchData.getBatch().getSize();
    long now = System.nanoTime();
    if (now - lastBeatNanos >= INTERVAL_NANOS) {
      NDList labels = batchData.getLabels().values().iterator().next();
      NDList predictions = batchData.getPredictions().values().iterator().next();
      loss = trainer.getLoss().evaluate(labels, predictions).getFloat();
      beat(now);
      if (now - lastLogNanos >= LOG_INTERVAL_NANOS) {
        lastLogNanos = now;
        log.accept(String.format(Locale.ROOT, "epoch %d/%d, step %d: batch loss %.5f, %.0f samples/s",
            Math.min(epoch, totalEpochs), totalEpochs, step, loss, samplesPerSecond()));
      }
    }
  }

  @Override
  public void onEpoch(Trainer trainer) {
    log.accept(String.format(Locale.ROOT, "epoch %d/%d done after step %d, %.0f samples/s", epoch, totalEpochs, step,
        samplesPerSecond()));
    epoch++;
  }

  /** Records a saved checkpoint and reports it right away. */
  void checkpointed(ArtifactRef ref, int epochsDone, double meanLoss) {
    checkpoint = ref;
    checkpointEpoch = epochsDone;
    loss = meanLoss;
    beat(System.nanoTime());
    log.accept("checkpoint after epoch " + epochsDone + ": " + ref.uri());
  }

  /**
   * Between steps (scoring a validation split, which takes minutes for a large encoder): reports the same progress
   * again, at most once a second, so the activity stays alive and a retry still finds the last checkpoint.
   */
  void keepAlive() {
    long now = System.nanoTime();
    if (now - lastBeatNanos >= INTERVAL_NANOS) {
      beat(now);
    }
  }

  double samplesPerSecond() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return seconds > 0 ? samples / seconds : 0;
  }

  private void beat(long now) {
    lastBeatNanos = now;
    heartbeat.beat(new TrainingProgress(Math.min(epoch, totalEpochs), totalEpochs, step, loss, samplesPerSecond(),
        checkpoint, checkpointEpoch));
  }
}
