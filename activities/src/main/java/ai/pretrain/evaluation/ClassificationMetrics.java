package ai.pretrain.evaluation;

/**
 * Accuracy and macro-averaged precision, recall and F1 from a confusion matrix, with scikit-learn's conventions: a
 * class never predicted has precision 0, a class absent from the labels has recall 0 (zero_division=0).
 */
public record ClassificationMetrics(double accuracy, double precision, double recall, double f1, long[][] confusion) {

  public static ClassificationMetrics of(int[] labels, int[] predicted, int classes) {
    long[][] confusion = new long[classes][classes];
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      confusion[labels[i]][predicted[i]]++;
      if (labels[i] == predicted[i]) {
        correct++;
      }
    }
    double precisionSum = 0;
    double recallSum = 0;
    double f1Sum = 0;
    for (int c = 0; c < classes; c++) {
      long truePositives = confusion[c][c];
      long predictedPositives = 0;
      long actualPositives = 0;
      for (int k = 0; k < classes; k++) {
        predictedPositives += confusion[k][c];
        actualPositives += confusion[c][k];
      }
      double precision = predictedPositives == 0 ? 0 : (double) truePositives / predictedPositives;
      double recall = actualPositives == 0 ? 0 : (double) truePositives / actualPositives;
      precisionSum += precision;
      recallSum += recall;
      f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
    return new ClassificationMetrics((double) correct / labels.length, precisionSum / classes, recallSum / classes,
        f1Sum / classes, confusion);
  }
}
