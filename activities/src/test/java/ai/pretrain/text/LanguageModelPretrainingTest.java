package ai.pretrain.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LanguageModelPretrainingTest {

  static final int SEQUENCE = 32;
  static final TransformerConfig SMALL = new TransformerConfig(500, 64, 64, 2, 4, 128, 0.1f, false);

  private static BpeTokenizer tokenizer;
  private static TokenStream train;
  private static TokenStream heldOut;

  @BeforeAll
  static void tokenize() throws Exception {
    TorchThreads.single();
    TextCorpus mobyDick = TextCorpora.read("moby-dick");
    tokenizer = new BpeTrainer(SMALL.vocabularySize(), 2).train(mobyDick.slice(0, 129).texts());
    train = TokenStream.of(tokenizer, mobyDick.slice(0, 129).texts());
    heldOut = TokenStream.of(tokenizer, mobyDick.slice(129, 139).texts());
  }

  @Test
  void causalLanguageModelLearnsAndHeldOutPerplexityDrops() {
    try (LanguageModelPretraining gpt = new LanguageModelPretraining(SMALL, new NextTokenExamples(), SEQUENCE,
        3e-3f, 42)) {
      int[][] evaluation = gpt.windows(heldOut, 64);
      double before = gpt.perplexity(evaluation, 32, 1);
      PretrainingResult result = gpt.fit(gpt.windows(train, 0), 30, 16);
      double after = gpt.perplexity(evaluation, 32, 1);
      System.out.printf("causal-lm: loss %.3f -> %.3f, held-out perplexity %.1f -> %.1f, %.0f samples/s, "
          + "%.0f tokens/s%n", result.meanOfFirst(5), result.meanOfLast(5), before, after,
          result.samplesPerSecond(), result.tokensPerSecond());
      assertTrue(result.meanOfLast(5) < result.meanOfFirst(5) - 0.5, "loss should fall over 30 steps");
      assertTrue(Double.isFinite(after) && after < before, "held-out perplexity should fall: " + before + " -> " + after);
      assertTrue(before > 200, "an untrained model is close to uniform over 500 tokens: " + before);
    }
  }

  @Test
  void maskedLanguageModelLearns() {
    try (LanguageModelPretraining bert = new LanguageModelPretraining(SMALL,
        new MaskedTokenExamples(tokenizer, 0.15), SEQUENCE, 3e-3f, 42)) {
      int[][] evaluation = bert.windows(heldOut, 64);
      double before = bert.perplexity(evaluation, 32, 1);
      PretrainingResult result = bert.fit(bert.windows(train, 0), 30, 16);
      double after = bert.perplexity(evaluation, 32, 1);
      System.out.printf("masked-lm: loss %.3f -> %.3f, held-out masked-token perplexity %.1f -> %.1f, "
          + "%.0f samples/s%n", result.meanOfFirst(5), result.meanOfLast(5), before, after, result.samplesPerSecond());
      assertTrue(result.meanOfLast(5) < result.meanOfFirst(5) - 0.5, "loss should fall over 30 steps");
      assertTrue(after < before, "held-out masked-token perplexity should fall: " + before + " -> " + after);
    }
  }

  @Test
  void causalMaskKeepsEarlierPositionsBlindToTheFuture() {
    try (LanguageModelPretraining gpt = new LanguageModelPretraining(SMALL, new NextTokenExamples(), SEQUENCE,
        3e-3f, 7); NDManager manager = NDManager.newBaseManager()) {
      int[] ids = gpt.windows(heldOut, 1)[0];
      int[] original = java.util.Arrays.copyOf(ids, SEQUENCE);
      int[] changed = original.clone();
      int k = 20;
      changed[k] = changed[k] == 100 ? 101 : 100;
      NDArray a = gpt.logits(manager, original);
      NDArray b = gpt.logits(manager, changed);
      float past = a.get("0:{}", k).sub(b.get("0:{}", k)).abs().max().getFloat();
      float future = a.get("{}:", k).sub(b.get("{}:", k)).abs().max().getFloat();
      assertEquals(0f, past, 1e-5f, "positions before the changed token must not see it");
      assertTrue(future > 1e-3f, "the changed position and later ones do see it");
    }
  }

  @Test
  void bidirectionalEncoderSeesTheWholeSequence() {
    try (LanguageModelPretraining bert = new LanguageModelPretraining(SMALL,
        new MaskedTokenExamples(tokenizer, 0.15), SEQUENCE, 3e-3f, 7); NDManager manager = NDManager.newBaseManager()) {
      int[] ids = java.util.Arrays.copyOf(bert.windows(heldOut, 1)[0], SEQUENCE);
      int[] changed = ids.clone();
      changed[20] = changed[20] == 100 ? 101 : 100;
      float past = bert.logits(manager, ids).get("0:20").sub(bert.logits(manager, changed).get("0:20")).abs().max()
          .getFloat();
      assertNotEquals(0f, past, "without the causal mask, earlier positions attend to later ones");
    }
  }

  @Test
  void sameSeedGivesTheSameLosses() {
    float[][] losses = new float[2][];
    for (int run = 0; run < 2; run++) {
      try (LanguageModelPretraining gpt = new LanguageModelPretraining(SMALL, new NextTokenExamples(), SEQUENCE,
          3e-3f, 11)) {
        var result = gpt.fit(gpt.windows(train, 256), 3, 8);
        losses[run] = new float[] {result.stepLosses().get(0), result.stepLosses().get(2)};
      }
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(losses[0], losses[1]);
  }
}
