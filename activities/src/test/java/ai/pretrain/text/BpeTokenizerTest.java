package ai.pretrain.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTokenizerTest {

  private static TextCorpus mobyDick;
  private static BpeTokenizer tokenizer;

  @BeforeAll
  static void train() throws Exception {
    mobyDick = TextCorpora.read("moby-dick");
    // Chapters 1..120 train it; the rest is held out.
    tokenizer = new BpeTrainer(1000, 2).train(mobyDick.slice(0, 123).texts());
  }

  @Test
  void vocabularyHasTheRequestedSizeWithSpecialTokensFirst() {
    assertEquals(1000, tokenizer.vocabularySize());
    assertEquals(List.of(0, 1, 2, 3), BpeTokenizer.SPECIAL_TOKENS.stream().map(tokenizer::idOf).toList());
  }

  @Test
  void trainingIsDeterministic() {
    BpeTokenizer again = new BpeTrainer(1000, 2).train(mobyDick.slice(0, 123).texts());
    String heldOut = mobyDick.documents().get(130).text();
    assertArrayEquals(tokenizer.encode(heldOut), again.encode(heldOut));
  }

  @Test
  void subwordsCompressTheHeldOutText() {
    String heldOut = mobyDick.documents().get(130).text();
    int bytes = heldOut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    int tokens = tokenizer.encode(heldOut).length;
    assertTrue(tokens < bytes / 2, "expected fewer than half as many tokens as bytes with 1000 subwords, got "
        + tokens + " for " + bytes + " bytes");
  }

  @Test
  void huggingFaceTokenizersEncodeTheSavedJsonIdentically(@TempDir Path dir) throws Exception {
    Path json = tokenizer.save(dir.resolve("tokenizer.json"));
    String unusual = "Ünïcödé — “quotes”, tabs\tand  double  spaces, 3.14159, naïve café 日本語 😀 [MASK] end.\n\n";
    List<String> texts = List.of(unusual, mobyDick.documents().get(130).text(), mobyDick.documents().get(138).text(),
        TextCorpora.read("spam-assassin").documents().get(5000).text());
    // DJL truncates to 512 tokens unless told otherwise; whole chapters are longer.
    try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "false"))) {
      for (String text : texts) {
        Encoding encoding = hf.encode(text);
        long[] expected = Arrays.stream(tokenizer.encodeWithSpecialTokens(text)).asLongStream().toArray();
        assertArrayEquals(expected, encoding.getIds(), () -> "ids differ for: " + text.substring(0, 40));
        assertEquals(text, hf.decode(hf.encode(text, false, false).getIds()));
      }
    }
    assertTrue(Files.size(json) > 10_000);
  }

  @Test
  void aSavedTokenizerLoadsBackWithTheSameVocabularyAndEncoding(@TempDir Path dir) throws Exception {
    BpeTokenizer loaded = BpeTokenizer.load(tokenizer.save(dir.resolve("tokenizer.json")));
    assertEquals(tokenizer.vocabularySize(), loaded.vocabularySize());
    String heldOut = mobyDick.documents().get(130).text() + " naïve café 日本語 [MASK]";
    assertArrayEquals(tokenizer.encodeWithSpecialTokens(heldOut), loaded.encodeWithSpecialTokens(heldOut));
  }

  /** Every object in tokenizer.json keeps a fixed key order, so the file, and its sha256, is the same in every JVM. */
  @Test
  void theSavedJsonHasTheSameBytesInEveryProcess(@TempDir Path dir) throws Exception {
    String json = Files.readString(tokenizer.save(dir.resolve("tokenizer.json"))).replaceAll("\\s", "");
    assertTrue(json.contains("\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[1],\"tokens\":[\"[CLS]\"]}"), json);
    assertTrue(json.contains("{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}}"), json);
    assertTrue(json.contains("{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}"), json);
  }
}
