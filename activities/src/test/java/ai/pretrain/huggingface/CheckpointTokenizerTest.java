package ai.pretrain.huggingface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.data.TestData;
import ai.pretrain.text.LanguageModelExamples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint's tokenizer.json through DJL gives, on the first 1,000 SpamAssassin emails, exactly the ids Hugging
 * Face's tokenizers library gave ({@code scripts/make-bert-fixtures.py}): for the fixtures' WordPiece tokenizer and for
 * all-MiniLM-L6-v2's, and for the RoBERTa fixture's byte-level BPE ({@code scripts/make-encoder-fixtures.py}).
 * Fixed-length sequences are the same ids truncated with the closing [SEP] (or </s>) kept, or padded with the
 * checkpoint's pad_token_id.
 */
class CheckpointTokenizerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EMAILS = 1000;

  @Test
  void wordPieceIdsMatchHuggingFaceTokenizersOnAThousandEmails() throws Exception {
    compare(BertCheckpointParityTest.FIXTURES.resolve("tiny-bert/tokenizer.json"), "tiny-bert-emails.jsonl");
  }

  @Test
  void byteLevelBpeIdsMatchHuggingFaceTokenizersOnAThousandEmails() throws Exception {
    compare(BertCheckpointParityTest.FIXTURES.resolve("tiny-roberta/tokenizer.json"), "tiny-roberta-emails.jsonl");
  }

  @Test
  void robertaSequencesOpenWithSAndArePaddedWithPadNotZero() throws IOException {
    Path tokenizerJson = BertCheckpointParityTest.FIXTURES.resolve("tiny-roberta/tokenizer.json");
    try (CheckpointTokenizer tokenizer = new CheckpointTokenizer(tokenizerJson, 8, 1)) {
      long[] cut = tokenizer.sequence("free money for everyone who replies to this message today");
      assertEquals(0, cut[0], "<s> is id 0");
      assertEquals(2, cut[7], "the closing </s> stays");
      long[] hi = tokenizer.encode("hi");
      long[] padded = tokenizer.sequence("hi");
      assertArrayEquals(hi, Arrays.copyOf(padded, hi.length));
      for (int i = hi.length; i < 8; i++) {
        assertEquals(1, padded[i], "<pad> is id 1");
      }
      long[][] windows = tokenizer.windows(List.of("hi"));
      assertArrayEquals(padded, windows[0], "masked-LM windows pad the same way");
    }
  }

  @Test
  void theMaskTokenIsFoundByItsRobertaName() throws IOException {
    Path tokenizerJson = BertCheckpointParityTest.FIXTURES.resolve("tiny-roberta/tokenizer.json");
    CheckpointMaskedTokenExamples objective = CheckpointMaskedTokenExamples.of(tokenizerJson, 500);
    int[] window = new int[64];
    Arrays.fill(window, 100);
    window[0] = 0;
    window[63] = 2;
    LanguageModelExamples.Example example = objective.example(window, new Random(7));
    assertTrue(Arrays.stream(example.input()).anyMatch(id -> id == 4), "<mask> is id 4");
    assertEquals(0, example.input()[0], "<s> is never selected");
  }

  @Test
  void miniLmIdsMatchHuggingFaceTokenizersOnAThousandEmails() throws Exception {
    Path minilm = TestData.require("minilm/tokenizer.json", "minilm").resolve("minilm");
    compare(minilm.resolve("tokenizer.json"), "minilm-emails.jsonl");
  }

  @Test
  void sequencesAreTruncatedWithTheirSeparatorOrPaddedWithThePadToken() throws IOException {
    Path tokenizerJson = BertCheckpointParityTest.FIXTURES.resolve("tiny-bert/tokenizer.json");
    try (CheckpointTokenizer tokenizer = new CheckpointTokenizer(tokenizerJson, 8, 0)) {
      String text = "free money for everyone who replies to this message today";
      long[] whole = tokenizer.encode(text);
      long[] cut = tokenizer.sequence(text);
      assertEquals(8, cut.length);
      assertArrayEquals(Arrays.copyOf(whole, 7), Arrays.copyOf(cut, 7));
      assertEquals(whole[whole.length - 1], cut[7], "the closing [SEP] stays");
      long[] padded = tokenizer.sequence("hi");
      long[] hi = tokenizer.encode("hi");
      assertArrayEquals(hi, Arrays.copyOf(padded, hi.length));
      for (int i = hi.length; i < 8; i++) {
        assertEquals(0, padded[i], "[PAD] is id 0");
      }
    }
  }

  private static void compare(Path tokenizerJson, String fixture) throws Exception {
    List<String> texts = emails();
    List<String> lines = Files.readAllLines(BertCheckpointParityTest.FIXTURES.resolve(fixture));
    assertEquals(EMAILS, lines.size());
    try (CheckpointTokenizer tokenizer = new CheckpointTokenizer(tokenizerJson, 128, 0)) {
      for (int i = 0; i < EMAILS; i++) {
        JsonNode expected = JSON.readTree(lines.get(i));
        long[] ids = tokenizer.encode(texts.get(i));
        long[] head = new long[expected.get("head").size()];
        for (int k = 0; k < head.length; k++) {
          head[k] = expected.get("head").get(k).asLong();
        }
        assertArrayEquals(head, Arrays.copyOf(ids, Math.min(ids.length, head.length)), "email " + i + ": first ids");
        assertEquals(expected.get("count").asInt(), ids.length, "email " + i + ": id count");
        assertEquals(expected.get("sha256").asText(), sha256(ids), "email " + i + ": ids");
      }
    }
  }

  private static List<String> emails() throws IOException {
    Path root = TestData.require("spam-assassin/spam-assassin.jsonl", "spam-assassin");
    List<String> texts = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(root.resolve("spam-assassin/spam-assassin.jsonl"),
        StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null && texts.size() < EMAILS; line = in.readLine()) {
        texts.add(JSON.readTree(line).get("text").asText());
      }
    }
    return texts;
  }

  private static String sha256(long[] ids) throws NoSuchAlgorithmException {
    String joined = Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(","));
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
        joined.getBytes(StandardCharsets.UTF_8)));
  }
}
