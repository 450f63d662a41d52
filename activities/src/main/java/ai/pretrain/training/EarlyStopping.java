package ai.pretrain.training;

/**
 * Stops fine-tuning once the monitored validation metric has not improved for {@code patience} epochs, and remembers
 * the best epoch. Accuracy counts up, loss counts down; the score is oriented so that higher is always better.
 */
final class EarlyStopping {

  private final boolean maximize;
  private final int patience;
  private double bestScore = Double.NEGATIVE_INFINITY;
  private int bestEpoch;

  EarlyStopping(String monitor, int patience) {
    this.maximize = "validationAccuracy".equals(monitor);
    this.patience = patience;
  }

  /** Continues from a checkpoint's record of the best epoch. */
  void restore(int epoch, double score) {
    bestEpoch = epoch;
    bestScore = score;
  }

  /** Records an epoch's validation scores; true if the monitored one is the best so far. */
  boolean improved(int epoch, ValidationScores scores) {
    double score = maximize ? scores.accuracy() : -scores.loss();
    if (score > bestScore) {
      bestScore = score;
      bestEpoch = epoch;
      return true;
    }
    return false;
  }

  boolean shouldStop(int epoch) {
    return epoch - bestEpoch >= patience;
  }

  double bestScore() {
    return bestScore;
  }

  int bestEpoch() {
    return bestEpoch;
  }
}
