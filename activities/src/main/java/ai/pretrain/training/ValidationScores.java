package ai.pretrain.training;

import ai.pretrain.data.ExampleShard;

/** Accuracy and mean cross-entropy of a classifier on labeled examples, from one pass of class probabilities. */
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
}
