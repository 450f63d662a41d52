package ai.pretrain.text;

import java.util.Random;

/** A self-supervised text objective: how a window of the token stream becomes an input, targets and loss weights. */
public interface LanguageModelExamples {

  /** One training example: input ids, target ids and per-position loss weights, all of the sequence length. */
  record Example(int[] input, int[] target, float[] weight) {

    /**
     * {@code [CLS]} then the window, as input and as target, with no position weighted yet: where a masking objective
     * starts, hiding some inputs and weighting the positions it predicts.
     */
    public static Example afterClassToken(int[] window, int classToken) {
      int[] input = new int[window.length + 1];
      input[0] = classToken;
      System.arraycopy(window, 0, input, 1, window.length);
      return new Example(input, input.clone(), new float[input.length]);
    }
  }

  /** How many stream tokens one example of {@code sequenceLength} consumes. */
  int windowLength(int sequenceLength);

  Example example(int[] window, Random random);

  /** Whether the encoder must attend only to the past. */
  boolean causal();

  String name();
}
