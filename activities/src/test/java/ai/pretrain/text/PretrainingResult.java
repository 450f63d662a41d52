package ai.pretrain.text;

import java.util.List;

/**
 * What a language-model training run reports: the loss of every step, and throughput in sequences and tokens per
 * second of wall-clock training time.
 */
public record PretrainingResult(String objective, List<Float> stepLosses, double samplesPerSecond,
    double tokensPerSecond) {

  /** Mean loss over the first {@code n} steps. */
  public double meanOfFirst(int n) {
    return stepLosses.subList(0, n).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
  }

  /** Mean loss over the last {@code n} steps. */
  public double meanOfLast(int n) {
    return stepLosses.subList(stepLosses.size() - n, stepLosses.size()).stream().mapToDouble(Float::doubleValue)
        .average().orElseThrow();
  }
}
