package ai.pretrain.evaluation;

/** Precision, recall and F1 of one class or one average over the classes (macro, micro or weighted). */
public record PrecisionRecallF1(double precision, double recall, double f1) {

  /** From counts, with scikit-learn's {@code zero_division=0}: an empty denominator scores 0. */
  static PrecisionRecallF1 of(long truePositives, long falsePositives, long falseNegatives) {
    double precision = ratio(truePositives, truePositives + falsePositives);
    double recall = ratio(truePositives, truePositives + falseNegatives);
    // 2TP / (2TP + FP + FN) is how scikit-learn computes it; it equals 2PR / (P + R) and avoids 0/0.
    double f1 = ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
    return new PrecisionRecallF1(precision, recall, f1);
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
