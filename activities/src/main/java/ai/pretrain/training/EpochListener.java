package ai.pretrain.training;

import java.io.IOException;

/**
 * Work at the end of each epoch of the {@link TrainingLoop}, plugged into it as DJL's {@code EarlyStoppingListener} and
 * {@code CheckpointsTrainingListener} plug into {@code EasyTrain}: validation, the training history, early stopping
 * and checkpoints. The loop calls the listeners in the order given, so each sees what the earlier ones recorded.
 */
interface EpochListener {

  /** After an epoch: {@code epochsDone} counts it, {@code meanLoss} is its mean training loss. */
  void onEpochEnd(int epochsDone, double meanLoss) throws IOException;

  /** Whether training stops after the epoch just ended. */
  default boolean stopsTraining() {
    return false;
  }
}
