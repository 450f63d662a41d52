package ai.pretrain.evaluation;

/** The mean of the per-class recalls over the classes present in the labels, robust to class imbalance. */
public final class BalancedAccuracy implements ClassificationMetric {

  @Override
  public String name() {
    return "balanced-accuracy";
  }

  @Override
  public String summary() {
    return "mean recall over the classes present in the test labels";
  }

  @Override
  public boolean higherIsBetter() {
    return true;
  }

  @Override
  public double score(int[] labels, double[][] probabilities) {
    long[][] confusion = ClassificationMetrics.of(labels, ClassifierEvaluation.mostProbable(probabilities),
        probabilities[0].length).confusion();
    double recalls = 0;
    int present = 0;
    for (int c = 0; c < confusion.length; c++) {
      long support = 0;
      for (long count : confusion[c]) {
        support += count;
      }
      if (support > 0) {
        recalls += (double) confusion[c][c] / support;
        present++;
      }
    }
    return recalls / present;
  }
}
