package ai.pretrain.text;

import ai.pretrain.spec.TransformerSpec;
import java.util.Random;

/**
 * The example objective plugin (registered by this module's test services file): SpanBERT-style span masking, which
 * hides contiguous runs of tokens (lengths drawn from a geometric distribution, at most {@value #MAX_SPAN}) until
 * {@code maskRate} of the window is hidden, and predicts them. A spec selects it with
 * {@code pretrain.objective: span-masking}.
 */
public final class SpanMaskingObjective implements LanguageModelingObjective {

  static final int MAX_SPAN = 10;
  private static final double GEOMETRIC_P = 0.2;

  @Override
  public String name() {
    return "span-masking";
  }

  @Override
  public String summary() {
    return "SpanBERT: hide contiguous spans of tokens and predict them";
  }

  @Override
  public boolean causal() {
    return false;
  }

  @Override
  public LanguageModelExamples examples(BpeTokenizer tokenizer, TransformerSpec transformer) {
    int mask = tokenizer.idOf(BpeTokenizer.MASK);
    int cls = tokenizer.idOf(BpeTokenizer.CLS);
    double budget = transformer.maskRate();
    return new LanguageModelExamples() {
      @Override
      public int windowLength(int sequenceLength) {
        return sequenceLength - 1;
      }

      @Override
      public Example example(int[] window, Random random) {
        Example example = Example.afterClassToken(window, cls);
        int[] input = example.input();
        int[] target = example.target();
        float[] weight = example.weight();
        int length = input.length;
        int hidden = 0;
        while (hidden < budget * window.length) {
          int span = 1;
          while (span < MAX_SPAN && random.nextDouble() > GEOMETRIC_P) {
            span++;
          }
          int start = 1 + random.nextInt(window.length);
          for (int i = start; i < Math.min(length, start + span); i++) {
            if (weight[i] == 0 && !tokenizer.isSpecial(target[i])) {
              weight[i] = 1f;
              input[i] = mask;
            }
            hidden++;
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
        return "span-masking";
      }
    };
  }
}
