package ai.pretrain.training;

import java.io.IOException;

/**
 * Stops fine-tuning once the monitored validation metric has not improved for {@code patience} epochs, and keeps the
 * best epoch's weights. Accuracy counts up, loss counts down; the score is oriented so that higher is always better.
 * An epoch that ties the best accuracy with a lower validation loss improves too: on a few labels accuracy often sits
 * at the majority class for epochs while the model is still learning, and stopping then kept the first of them.
 */
final class EarlyStopping implements EpochListener {

  /** Keeps the weights of an epoch that improved on every earlier one. */
  interface KeepBest {
    void save() throws IOException;
  }

  private final boolean maximize;
  private final int patience;
  private final EpochValidation validation;
  private final KeepBest keepBest;
  private double bestScore = Double.NEGATIVE_INFINITY;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private int bestEpoch;
  private int lastEpoch;

  /** Reads each epoch's scores from {@code validation}, which must run before it. */
  EarlyStopping(String monitor, int patience, EpochValidation validation, KeepBest keepBest) {
    this.maximize = "validationAccuracy".equals(monitor);
    this.patience = patience;
    this.validation = validation;
    this.keepBest = keepBest;
  }

  /**
   * Continues after {@code epochsDone} epochs from a checkpoint's record of the best epoch, whose validation loss the
   * restored history holds; if patience ran out then, training stops before another epoch.
   */
  void restore(int epochsDone, int epoch, double score) {
    lastEpoch = epochsDone;
    bestEpoch = epoch;
    bestScore = score;
    bestLoss = validation.history().validationLoss(epoch).orElse(Double.POSITIVE_INFINITY);
  }

  @Override
  public void onEpochEnd(int epochsDone, double meanLoss) throws IOException {
    lastEpoch = epochsDone;
    ValidationScores scores = validation.last();
    double score = maximize ? scores.accuracy() : -scores.loss();
    if (score > bestScore || maximize && score == bestScore && scores.loss() < bestLoss) {
      bestScore = score;
      bestLoss = scores.loss();
      bestEpoch = epochsDone;
      keepBest.save();
    }
  }

  @Override
  public boolean stopsTraining() {
    return lastEpoch - bestEpoch >= patience;
  }

  double bestScore() {
    return bestScore;
  }

  int bestEpoch() {
    return bestEpoch;
  }
}
