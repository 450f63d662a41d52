package ai.pretrain.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The per-epoch curve of a training stage (train loss, validation loss and accuracy), saved as the stage's
 * {@code history} artifact for the run's report and carried in checkpoints so a resumed run keeps its early epochs.
 */
final class TrainingHistory {

  /** One epoch's numbers; validation accuracy is NaN for stages without labels. */
  record Epoch(int epoch, double trainLoss, double validationLoss, double validationAccuracy) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Epoch> epochs = new ArrayList<>();

  void add(Epoch epoch) {
    epochs.add(epoch);
  }

  /** The validation loss recorded for {@code epoch}, if the history has that epoch. */
  OptionalDouble validationLoss(int epoch) {
    return epochs.stream().filter(e -> e.epoch() == epoch).mapToDouble(Epoch::validationLoss).findFirst();
  }

  /** JSON rows; a value that is not finite (no validation labels, a diverged loss) is written as null. */
  byte[] toJson() throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Epoch e : epochs) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("epoch", e.epoch());
      row.put("trainLoss", finiteOrNull(e.trainLoss()));
      row.put("validationLoss", finiteOrNull(e.validationLoss()));
      row.put("validationAccuracy", finiteOrNull(e.validationAccuracy()));
      rows.add(row);
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(rows);
  }

  static TrainingHistory fromJson(InputStream in) throws IOException {
    TrainingHistory history = new TrainingHistory();
    for (Map<String, Number> e : JSON.readValue(in, new TypeReference<List<Map<String, Number>>>() {})) {
      history.add(new Epoch(e.get("epoch").intValue(), orNaN(e.get("trainLoss")), orNaN(e.get("validationLoss")),
          orNaN(e.get("validationAccuracy"))));
    }
    return history;
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static double orNaN(Number value) {
    return value == null ? Double.NaN : value.doubleValue();
  }
}
