package ai.pretrain.training;

import java.io.IOException;

/**
 * Scores the model on the validation split after each epoch and adds the epoch to the training history; the later
 * listeners (early stopping, checkpoints) read its scores and the history.
 */
final class EpochValidation implements EpochListener {

  /** One pass over the validation split with the weights as they are. */
  interface Scorer {
    ValidationScores score() throws IOException;
  }

  private final Scorer scorer;
  private final TrainingHistory history;
  private ValidationScores last;

  EpochValidation(Scorer scorer, TrainingHistory history) {
    this.scorer = scorer;
    this.history = history;
  }

  @Override
  public void onEpochEnd(int epochsDone, double meanLoss) throws IOException {
    last = scorer.score();
    history.add(new TrainingHistory.Epoch(epochsDone, meanLoss, last.loss(), last.accuracy()));
  }

  /** The scores after the latest epoch; null before the first. */
  ValidationScores last() {
    return last;
  }

  TrainingHistory history() {
    return history;
  }
}
