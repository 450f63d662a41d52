package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

  /** Feeds {@code scores} to a validation listener and early stopping, epoch by epoch, as the training loop does. */
  private static final class Epochs {
    final List<Integer> kept = new ArrayList<>();
    final EpochValidation validation;
    final EarlyStopping stopping;
    int epoch;

    Epochs(String monitor, int patience, List<ValidationScores> scores, TrainingHistory history) {
      Iterator<ValidationScores> next = scores.iterator();
      validation = new EpochValidation(next::next, history);
      stopping = new EarlyStopping(monitor, patience, validation, () -> kept.add(epoch));
    }

    boolean run() throws IOException {
      epoch++;
      validation.onEpochEnd(epoch, 1.0);
      stopping.onEpochEnd(epoch, 1.0);
      return stopping.stopsTraining();
    }
  }

  @Test
  void accuracyStuckAtTheMajorityWhileTheLossFallsKeepsTrainingAndKeepsTheLaterEpochs() throws IOException {
    Epochs epochs = new Epochs("validationAccuracy", 3, List.of(new ValidationScores(0.66, 0.66),
        new ValidationScores(0.66, 0.63), new ValidationScores(0.66, 0.60), new ValidationScores(0.66, 0.56),
        new ValidationScores(0.80, 0.45), new ValidationScores(0.80, 0.47)), new TrainingHistory());

    for (int i = 0; i < 6; i++) {
      assertFalse(epochs.run(), "stopped after epoch " + epochs.epoch);
    }
    assertEquals(List.of(1, 2, 3, 4, 5), epochs.kept, "a tie with a higher loss (epoch 6) is no improvement");
    assertEquals(5, epochs.stopping.bestEpoch());
  }

  @Test
  void accuracyAndLossBothFlatStopAfterThePatience() throws IOException {
    List<ValidationScores> flat = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      flat.add(new ValidationScores(0.5, 0.7));
    }
    Epochs epochs = new Epochs("validationAccuracy", 2, flat, new TrainingHistory());

    assertFalse(epochs.run());
    assertFalse(epochs.run());
    assertTrue(epochs.run());
    assertEquals(1, epochs.stopping.bestEpoch());
  }

  @Test
  void aResumedRunTieBreaksOnTheBestEpochsLossFromTheRestoredHistory() throws IOException {
    TrainingHistory restored = new TrainingHistory();
    restored.add(new TrainingHistory.Epoch(1, 1.0, 0.50, 0.7));
    restored.add(new TrainingHistory.Epoch(2, 1.0, 0.55, 0.7));
    Epochs epochs = new Epochs("validationAccuracy", 5, List.of(new ValidationScores(0.7, 0.52),
        new ValidationScores(0.7, 0.48)), restored);
    epochs.stopping.restore(2, 1, 0.7);
    epochs.epoch = 2;

    epochs.run();
    epochs.run();
    assertEquals(List.of(4), epochs.kept, "epoch 3's loss 0.52 is worse than the best epoch's 0.50; epoch 4's is not");
  }

  @Test
  void aRunRestoredAfterItsPatienceRanOutStopsBeforeAnotherEpoch() {
    Epochs ranOut = new Epochs("validationAccuracy", 3, List.of(), new TrainingHistory());
    ranOut.stopping.restore(4, 1, 0.7);
    Epochs patient = new Epochs("validationAccuracy", 3, List.of(), new TrainingHistory());
    patient.stopping.restore(3, 1, 0.7);

    assertTrue(ranOut.stopping.stopsTraining(), "three epochs without improvement after epoch 1");
    assertFalse(patient.stopping.stopsTraining());
  }
}
