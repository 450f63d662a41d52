package ai.pretrain.text;

import java.util.Random;

/** A self-supervised text objective: how a window of the token stream becomes an input, targets and loss weights. */
public interface LanguageModelingObjective {

  /** One training example: input ids, target ids and per-position loss weights, all of the sequence length. */
  record Example(int[] input, int[] target, float[] weight) {}

  /** How many stream tokens one example of {@code sequenceLength} consumes. */
  int windowLength(int sequenceLength);

  Example example(int[] window, Random random);

  /** Whether the encoder must attend only to the past. */
  boolean causal();

  String name();
}
