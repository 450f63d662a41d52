package ai.pretrain.text;

import java.util.Random;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * BERT's masked language modelling: each non-special token is selected with probability {@code maskRate}; a selected
 * token becomes {@code [MASK]} 80% of the time, a random token 10% and stays itself 10%; the loss covers only the
 * selected positions. Sequences start with {@code [CLS]}.
 */
public final class MaskedTokenExamples implements LanguageModelExamples {

  private final BpeTokenizer tokenizer;
  private final double maskRate;

  public MaskedTokenExamples(BpeTokenizer tokenizer, double maskRate) {
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
    int firstOrdinary = BpeTokenizer.SPECIAL_TOKENS.size();
    mask(example, 1, tokenizer::isSpecial, tokenizer.idOf(BpeTokenizer.MASK), maskRate,
        draw -> firstOrdinary + draw.nextInt(tokenizer.vocabularySize() - firstOrdinary), random);
    return example;
  }

  /**
   * BERT's masking, in place: each position from {@code from} on whose target is not {@code special} is selected with
   * probability {@code maskRate} and weighted 1; a selected input becomes {@code mask} 80% of the time, a token that
   * {@code ordinaryToken} draws 10%, and stays itself 10%.
   */
  public static void mask(Example example, int from, IntPredicate special, int mask, double maskRate,
      ToIntFunction<Random> ordinaryToken, Random random) {
    int[] input = example.input();
    int[] target = example.target();
    float[] weight = example.weight();
    for (int i = from; i < input.length; i++) {
      if (special.test(target[i]) || random.nextDouble() >= maskRate) {
        continue;
      }
      weight[i] = 1f;
      double rule = random.nextDouble();
      if (rule < 0.8) {
        input[i] = mask;
      } else if (rule < 0.9) {
        input[i] = ordinaryToken.applyAsInt(random);
      }
    }
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
