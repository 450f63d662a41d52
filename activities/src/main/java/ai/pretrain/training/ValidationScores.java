package ai.pretrain.training;

import ai.djl.ndarray.NDManager;
import ai.pretrain.data.LabeledExamples;
import ai.pretrain.network.ClassifierNetwork;

/**
 * A model's scores on the validation split: for a classifier its accuracy and mean cross-entropy, from one pass of
 * class probabilities; for a regression its mean squared error on the standardized target as the loss, and no
 * accuracy (NaN). The sums run over the examples in index order as the forward passes produce them, so no
 * per-example output is kept and a split read block by block scores exactly as one held whole.
 */
record ValidationScores(double accuracy, double loss) {

  private static final double MIN_PROBABILITY = 1e-12;

  /** One inference pass of {@code network} over {@code validation}, calling {@code alive} after each forward pass. */
  static ValidationScores of(ClassifierNetwork network, NDManager manager, LabeledExamples validation,
      Runnable alive) {
    Sums sums = new Sums();
    if (validation.isRegression()) {
      Inference.forEachPrediction(network, manager, validation, alive,
          (i, prediction) -> sums.addSquaredError(prediction[0] - validation.target(i)));
      return new ValidationScores(Double.NaN, sums.loss / sums.count);
    }
    Inference.forEachProbabilities(network, manager, validation, alive,
        (i, p) -> sums.addProbabilities(p, validation.label(i)));
    return new ValidationScores((double) sums.correct / sums.count, sums.loss / sums.count);
  }

  /** Running sums over the examples scored so far. */
  private static final class Sums {
    private int count;
    private int correct;
    private double loss;

    void addProbabilities(float[] p, int label) {
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      if (best == label) {
        correct++;
      }
      loss -= Math.log(Math.max(MIN_PROBABILITY, p[label]));
      count++;
    }

    /** {@code error}: the float difference of prediction and target, widened only to be squared. */
    void addSquaredError(double error) {
      loss += error * error;
      count++;
    }
  }
}
