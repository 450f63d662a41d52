package ai.pretrain.text;

import java.util.Random;

/**
 * BERT's masked language modelling: each non-special token is selected with probability {@code maskRate}; a selected
 * token becomes {@code [MASK]} 80% of the time, a random token 10% and stays itself 10%; the loss covers only the
 * selected positions. Sequences start with {@code [CLS]}.
 */
public final class MaskedLanguageModeling implements LanguageModelingObjective {

  private final BpeTokenizer tokenizer;
  private final double maskRate;

  public MaskedLanguageModeling(BpeTokenizer tokenizer, double maskRate) {
    this.tokenizer = tokenizer;
    this.maskRate = maskRate;
  }

  @Override
  public int windowLength(int sequenceLength) {
    return sequenceLength - 1;
  }

  @Override
  public Example example(int[] window, Random random) {
    Example example = Example.afterClassToken(window, tokenizer.idOf(BpeTokenizer.CLS));
    int[] input = example.input();
    int[] target = example.target();
    float[] weight = example.weight();
    int mask = tokenizer.idOf(BpeTokenizer.MASK);
    int firstOrdinary = BpeTokenizer.SPECIAL_TOKENS.size();
    for (int i = 1; i < input.length; i++) {
      if (tokenizer.isSpecial(target[i]) || random.nextDouble() >= maskRate) {
        continue;
      }
      weight[i] = 1f;
      double rule = random.nextDouble();
      if (rule < 0.8) {
        input[i] = mask;
      } else if (rule < 0.9) {
        input[i] = firstOrdinary + random.nextInt(tokenizer.vocabularySize() - firstOrdinary);
      }
    }
    return example;
  }

  @Override
  public boolean causal() {
    return false;
  }

  @Override
  public String name() {
    return "masked-lm";
  }
}
