package ai.pretrain.evaluation;

/**
 * How surprised a language model is by held-out text: the exponential of the mean per-token cross-entropy (natural
 * log), so a model guessing uniformly among V tokens has perplexity V and a perfect one 1.
 */
public final class Perplexity {

  private Perplexity() {}

  /** @param trueTokenProbabilities the probability the model gave each actual next token */
  public static double of(double[] trueTokenProbabilities) {
    if (trueTokenProbabilities.length == 0) {
      throw new IllegalArgumentException("perplexity needs at least one token");
    }
    double nats = 0;
    for (double p : trueTokenProbabilities) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("a token probability must lie in [0, 1], got " + p);
      }
      nats -= Math.log(p);
    }
    return fromCrossEntropy(nats / trueTokenProbabilities.length);
  }

  /** From a mean per-token cross-entropy in nats, as a training loop reports it. */
  public static double fromCrossEntropy(double meanNats) {
    return Math.exp(meanNats);
  }
}
