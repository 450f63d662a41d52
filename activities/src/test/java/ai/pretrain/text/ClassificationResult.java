package ai.pretrain.text;

import java.util.List;

/** What a fine-tuning run reports: the loss of every step and throughput in sequences per second. */
public record ClassificationResult(List<Float> stepLosses, double samplesPerSecond) {

  public double meanOfFirst(int n) {
    return stepLosses.subList(0, n).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
  }

  public double meanOfLast(int n) {
    return stepLosses.subList(stepLosses.size() - n, stepLosses.size()).stream().mapToDouble(Float::doubleValue)
        .average().orElseThrow();
  }
}
