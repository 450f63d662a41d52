package ai.pretrain.evaluation;

/**
 * The Matthews correlation coefficient, in its multiclass form (Gorodkin, 2004): 1 for perfect predictions, 0 for
 * chance, -1 for total disagreement; 0 where it is undefined (a single predicted or true class).
 */
public final class MatthewsCorrelation implements ClassificationMetric {

  @Override
  public String name() {
    return "matthews-correlation";
  }

  @Override
  public String summary() {
    return "Matthews correlation coefficient (multiclass), 1 perfect, 0 chance";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public double score(int[] labels, double[][] probabilities) {
    long[][] confusion = ClassificationMetrics.of(labels, ClassifierEvaluation.mostProbable(probabilities),
        probabilities[0].length).confusion();
    int classes = confusion.length;
    double[] truth = new double[classes];
    double[] predicted = new double[classes];
    double correct = 0;
    double total = 0;
    for (int t = 0; t < classes; t++) {
      for (int p = 0; p < classes; p++) {
        truth[t] += confusion[t][p];
        predicted[p] += confusion[t][p];
        total += confusion[t][p];
      }
      correct += confusion[t][t];
    }
    double covariance = correct * total;
    double predictedSquares = total * total;
    double truthSquares = total * total;
    for (int c = 0; c < classes; c++) {
      covariance -= truth[c] * predicted[c];
      predictedSquares -= predicted[c] * predicted[c];
      truthSquares -= truth[c] * truth[c];
    }
    double denominator = Math.sqrt(predictedSquares * truthSquares);
    return denominator == 0 ? 0 : covariance / denominator;
  }
}
