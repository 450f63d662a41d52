package ai.pretrain.training;

import ai.pretrain.data.ExampleShard;

/**
 * A model's scores on the validation split: for a classifier its accuracy and mean cross-entropy, from one pass of
 * class probabilities; for a regression its mean squared error on the standardized target as the loss, and no
 * accuracy (NaN).
 */
record ValidationScores(double accuracy, double loss) {

  private static final double MIN_PROBABILITY = 1e-12;

  static ValidationScores of(float[][] probabilities, ExampleShard shard) {
    int correct = 0;
    double crossEntropy = 0;
    for (int i = 0; i < probabilities.length; i++) {
      float[] p = probabilities[i];
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[best]) {
          best = c;
        }
      }
      if (best == shard.label(i)) {
        correct++;
      }
      crossEntropy -= Math.log(Math.max(MIN_PROBABILITY, p[shard.label(i)]));
    }
    return new ValidationScores((double) correct / probabilities.length, crossEntropy / probabilities.length);
  }

  /** The scores of a regression's predictions (standardized) against a regression shard's targets. */
  static ValidationScores ofRegression(float[] predictions, ExampleShard shard) {
    double squaredErrors = 0;
    for (int i = 0; i < predictions.length; i++) {
      double error = predictions[i] - shard.target(i);
      squaredErrors += error * error;
    }
    return new ValidationScores(Double.NaN, squaredErrors / predictions.length);
  }
}
