package ai.pretrain.text;

import java.util.Arrays;
import java.util.Random;

/** GPT-style next-token prediction: every position predicts the token after it, attending only to the past. */
public final class NextTokenExamples implements LanguageModelExamples {

  @Override
  public int windowLength(int sequenceLength) {
    return sequenceLength + 1;
  }

  @Override
  public Example example(int[] window, Random random) {
    float[] weight = new float[window.length - 1];
    Arrays.fill(weight, 1f);
    return new Example(Arrays.copyOfRange(window, 0, window.length - 1), Arrays.copyOfRange(window, 1, window.length),
        weight);
  }

  @Override
  public boolean causal() {
    return true;
  }

  @Override
  public String name() {
    return "causal-lm";
  }
}
