package ai.pretrain.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.numerics.Permutation;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DomainAdaptivePretrainingTest {

  @Test
  void continuedPretrainingOnEmailLowersEmailPerplexity() throws Exception {
    TorchThreads.single();
    TextCorpus general = TextCorpora.read("moby-dick");
    TextCorpus emails = TextCorpora.read("spam-assassin");
    int[] order = Permutation.of(emails.size(), new Random(42));
    List<String> emailTrain = Arrays.stream(order, 0, 400).mapToObj(i -> emails.documents().get(i).text()).toList();
    List<String> emailHeldOut = Arrays.stream(order, 400, 500).mapToObj(i -> emails.documents().get(i).text())
        .toList();

    // The tokenizer and the first model know only the general corpus, as a general-domain checkpoint would.
    BpeTokenizer tokenizer = new BpeTrainer(LanguageModelPretrainingTest.SMALL.vocabularySize(), 2)
        .train(general.texts());
    try (LanguageModelPretraining gpt = new LanguageModelPretraining(LanguageModelPretrainingTest.SMALL,
        new NextTokenExamples(), LanguageModelPretrainingTest.SEQUENCE, 3e-3f, 42)) {
      int[][] heldOut = gpt.windows(TokenStream.of(tokenizer, emailHeldOut), 64);
      gpt.fit(gpt.windows(TokenStream.of(tokenizer, general.texts()), 0), 30, 16);
      double generalModel = gpt.perplexity(heldOut, 32, 1);
      gpt.fit(gpt.windows(TokenStream.of(tokenizer, emailTrain), 0), 30, 16);
      double adapted = gpt.perplexity(heldOut, 32, 1);
      System.out.printf("domain-adaptive pretraining: email perplexity %.1f (general model) -> %.1f (adapted)%n",
          generalModel, adapted);
      assertTrue(adapted < 0.9 * generalModel,
          "continued pretraining on email should lower email perplexity: " + generalModel + " -> " + adapted);
    }
  }
}
