package ai.pretrain.evaluation;

import java.util.List;

/**
 * Everything the evaluate stage measures of one classifier on the test split: the label metrics of its most probable
 * classes, and, from its probabilities, the one-vs-rest ROC curves, their macro AUC and the log-loss.
 */
public record ClassifierEvaluation(
    ClassificationMetrics classification, List<RocCurve> roc, double aucMacro, double logLoss) {

  public ClassifierEvaluation {
    roc = List.copyOf(roc);
  }

  /** @param probabilities one row of class probabilities (softmax) per example */
  public static ClassifierEvaluation of(int[] labels, double[][] probabilities) {
    int classes = probabilities[0].length;
    List<RocCurve> roc = RocCurve.oneVsRest(labels, probabilities);
    return new ClassifierEvaluation(ClassificationMetrics.of(labels, mostProbable(probabilities), classes), roc,
        RocCurve.macroAuc(roc), LogLoss.of(labels, probabilities));
  }

  /** The first class of highest probability, as the classifier's own prediction breaks ties. */
  static int[] mostProbable(double[][] probabilities) {
    int[] predicted = new int[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      int best = 0;
      for (int c = 1; c < probabilities[i].length; c++) {
        if (probabilities[i][c] > probabilities[i][best]) {
          best = c;
        }
      }
      predicted[i] = best;
    }
    return predicted;
  }
}
