package ai.pretrain.training;

/** Stops fine-tuning once validation accuracy has not improved for {@code patience} epochs, and remembers the best. */
final class EarlyStopping {

  private final int patience;
  private double best = Double.NEGATIVE_INFINITY;
  private int bestEpoch;

  EarlyStopping(int patience) {
    this.patience = patience;
  }

  /** Records an epoch's validation accuracy; true if it is the best so far. */
  boolean improved(int epoch, double accuracy) {
    if (accuracy > best) {
      best = accuracy;
      bestEpoch = epoch;
      return true;
    }
    return false;
  }

  boolean shouldStop(int epoch) {
    return epoch - bestEpoch >= patience;
  }

  double best() {
    return best;
  }

  int bestEpoch() {
    return bestEpoch;
  }
}
