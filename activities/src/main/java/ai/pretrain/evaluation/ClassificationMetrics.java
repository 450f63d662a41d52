package ai.pretrain.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy; precision, recall and F1 per class and averaged macro, micro and weighted (by support); the confusion
 * matrix. scikit-learn's conventions with {@code labels=range(classes)} and {@code zero_division=0}: a class never
 * predicted has precision 0, a class absent from the labels has recall 0 and still counts in the macro average.
 *
 * @param confusion rows are true classes, columns predicted classes
 */
public record ClassificationMetrics(double accuracy, PrecisionRecallF1 macro, PrecisionRecallF1 micro,
    PrecisionRecallF1 weighted, List<ClassScores> perClass, long[][] confusion) {

  public ClassificationMetrics {
    perClass = List.copyOf(perClass);
  }

  public static ClassificationMetrics of(int[] labels, int[] predicted, int classes) {
    if (labels.length != predicted.length || labels.length == 0) {
      throw new IllegalArgumentException(
          "need as many predictions as labels, at least one: " + labels.length + " vs " + predicted.length);
    }
    long[][] confusion = new long[classes][classes];
    for (int i = 0; i < labels.length; i++) {
      confusion[labels[i]][predicted[i]]++;
    }
    return of(confusion);
  }

  /** From a confusion matrix whose rows are true classes and columns predicted classes. */
  public static ClassificationMetrics of(long[][] confusion) {
    int classes = confusion.length;
    long total = 0;
    long correct = 0;
    long falsePositivesAll = 0;
    long falseNegativesAll = 0;
    double[] sums = new double[3];
    double[] weightedSums = new double[3];
    List<ClassScores> perClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      long truePositives = confusion[c][c];
      long predictedPositives = 0;
      long support = 0;
      for (int k = 0; k < classes; k++) {
        predictedPositives += confusion[k][c];
        support += confusion[c][k];
      }
      PrecisionRecallF1 scores =
          PrecisionRecallF1.of(truePositives, predictedPositives - truePositives, support - truePositives);
      perClass.add(new ClassScores(c, scores.precision(), scores.recall(), scores.f1(), support));
      accumulate(sums, scores, 1);
      accumulate(weightedSums, scores, support);
      total += support;
      correct += truePositives;
      falsePositivesAll += predictedPositives - truePositives;
      falseNegativesAll += support - truePositives;
    }
    PrecisionRecallF1 macro = new PrecisionRecallF1(sums[0] / classes, sums[1] / classes, sums[2] / classes);
    // Every example is one true class and one prediction, so micro precision = micro recall = accuracy.
    PrecisionRecallF1 micro = PrecisionRecallF1.of(correct, falsePositivesAll, falseNegativesAll);
    PrecisionRecallF1 weighted = total == 0 ? new PrecisionRecallF1(0, 0, 0)
        : new PrecisionRecallF1(weightedSums[0] / total, weightedSums[1] / total, weightedSums[2] / total);
    return new ClassificationMetrics(
        total == 0 ? 0 : (double) correct / total, macro, micro, weighted, perClass, confusion);
  }

  /** Macro-averaged precision, the {@code <model>.precision} of the comparison table. */
  public double precision() {
    return macro.precision();
  }

  /** Macro-averaged recall. */
  public double recall() {
    return macro.recall();
  }

  /** Macro-averaged F1. */
  public double f1() {
    return macro.f1();
  }

  private static void accumulate(double[] sums, PrecisionRecallF1 scores, double weight) {
    sums[0] += weight * scores.precision();
    sums[1] += weight * scores.recall();
    sums[2] += weight * scores.f1();
  }
}
