package ai.pretrain.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskedTokenExamplesTest {

  @Test
  void selectsFifteenPercentAndSplitsThemEightyTenTen() {
    // A toy tokenizer is enough: masking only needs the vocabulary's size and the special ids.
    BpeTokenizer tokenizer = new BpeTrainer(300, 2).train(List.of("the whale the whale the sea"));
    MaskedTokenExamples mlm = new MaskedTokenExamples(tokenizer, 0.15);
    int mask = tokenizer.idOf(BpeTokenizer.MASK);
    Random data = new Random(7);
    Random masking = new Random(42);
    long positions = 0;
    long selected = 0;
    long masked = 0;
    long replaced = 0;
    long kept = 0;
    for (int n = 0; n < 4000; n++) {
      int[] window = new int[63];
      for (int i = 0; i < window.length; i++) {
        window[i] = 4 + data.nextInt(tokenizer.vocabularySize() - 4);
      }
      LanguageModelExamples.Example example = mlm.example(window, masking);
      assertEquals(tokenizer.idOf(BpeTokenizer.CLS), example.input()[0]);
      assertEquals(0f, example.weight()[0], "[CLS] is never selected");
      for (int i = 1; i < example.input().length; i++) {
        positions++;
        if (example.weight()[i] == 0f) {
          assertEquals(example.target()[i], example.input()[i], "an unselected token is left alone");
          continue;
        }
        selected++;
        if (example.input()[i] == mask) {
          masked++;
        } else if (example.input()[i] == example.target()[i]) {
          kept++;
        } else {
          replaced++;
        }
      }
    }
    // 252,000 positions, ~37,800 selected: three standard errors are under 0.003 and 0.006.
    assertEquals(0.15, (double) selected / positions, 0.003);
    assertEquals(0.80, (double) masked / selected, 0.01);
    // A random replacement equals the original 1 time in 296, which counts it as kept.
    assertEquals(0.10, (double) replaced / selected, 0.01);
    assertEquals(0.10, (double) kept / selected, 0.01);
  }

  @Test
  void causalLanguageModelingPredictsTheNextToken() {
    LanguageModelExamples.Example example = new NextTokenExamples().example(new int[] {5, 6, 7, 8}, null);
    assertEquals(List.of(5, 6, 7), java.util.Arrays.stream(example.input()).boxed().toList());
    assertEquals(List.of(6, 7, 8), java.util.Arrays.stream(example.target()).boxed().toList());
  }
}
