package ai.pretrain.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * Every test example's prediction by every model, written as {@code predictions.csv}: the example's id (the dataset's
 * id column, else its row in the test split), its true class (or target), and per model the predicted class and each
 * class's probability (a regression: the prediction, in the target's units). A classifier's probabilities are kept
 * as the float32 values the network gave, 4 bytes per class and example, not as rows of doubles.
 */
final class Predictions {

  private final List<String> ids;
  private final List<String> classNames;
  /** Per model, every example's class probabilities one after the other. */
  private final Map<String, float[]> probabilities = new LinkedHashMap<>();
  private int classes;
  private final Map<String, double[]> regressions = new LinkedHashMap<>();

  /** {@code ids} and {@code classNames} may be null: row numbers and class indices are written instead. */
  Predictions(List<String> ids, List<String> classNames) {
    this.ids = ids;
    this.classNames = classNames;
  }

  void classifier(String model, float[][] perClass) {
    classes = perClass.length == 0 ? 0 : perClass[0].length;
    float[] flat = new float[perClass.length * classes];
    for (int i = 0; i < perClass.length; i++) {
      System.arraycopy(perClass[i], 0, flat, i * classes, classes);
    }
    probabilities.put(model, flat);
  }

  void regression(String model, double[] predictions) {
    regressions.put(model, predictions);
  }

  /**
   * Writes the CSV of a classification with true {@code labels}, or of a regression with true {@code targets}, to
   * {@code file} (UTF-8) one row at a time.
   */
  void write(Path file, int[] labels, double[] targets) throws IOException {
    int rows = labels != null ? labels.length : targets.length;
    List<String> header = new ArrayList<>(List.of("id", labels != null ? "label" : "target"));
    probabilities.keySet().forEach(model -> {
      header.add(model + ".prediction");
      for (int c = 0; c < classes; c++) {
        header.add(model + ".p." + name(c));
      }
    });
    regressions.keySet().forEach(model -> header.add(model + ".prediction"));
    try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(file, StandardCharsets.UTF_8)) {
      csv.writeRecord(header);
      for (int i = 0; i < rows; i++) {
        List<String> row = new ArrayList<>();
        row.add(ids != null && i < ids.size() ? ids.get(i) : Integer.toString(i));
        row.add(labels != null ? name(labels[i]) : number(targets[i]));
        for (float[] p : probabilities.values()) {
          row.add(name(argmax(p, i * classes, classes)));
          for (int c = 0; c < classes; c++) {
            row.add(String.format(java.util.Locale.ROOT, "%.6f", (double) p[i * classes + c]));
          }
        }
        for (double[] prediction : regressions.values()) {
          row.add(number(prediction[i]));
        }
        csv.writeRecord(row);
      }
    }
  }

  /**
   * A regression's target or prediction at float32, the precision the network trained and the target was stored at:
   * the shortest digits that read back as that float (5790.6, not the 5790.599994870308 the standardization gives back).
   */
  private static String number(double value) {
    return Float.toString((float) value);
  }

  private String name(int label) {
    return classNames != null && label < classNames.size() ? classNames.get(label) : Integer.toString(label);
  }

  /** The first class of highest probability among the {@code classes} values from {@code from}. */
  private static int argmax(float[] values, int from, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (values[from + c] > values[from + best]) {
        best = c;
      }
    }
    return best;
  }
}
