package ai.pretrain.huggingface;

import ai.pretrain.text.LanguageModelExamples;
import ai.pretrain.text.MaskedTokenExamples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * BERT's masked language modelling on windows a checkpoint's tokenizer made ({@code [CLS] … [SEP]} or
 * {@code <s> … </s>}, padded): each token that is not one of the tokenizer's special tokens is selected with
 * probability {@code maskRate}; a selected token becomes the mask token 80% of the time, a random ordinary token 10% and stays itself 10%; the loss covers only
 * the selected positions.
 */
public final class CheckpointMaskedTokenExamples implements LanguageModelExamples {

  /** The share of tokens BERT selects. */
  public static final double MASK_RATE = 0.15;

  /** The mask token's text in WordPiece (BERT, DistilBERT) and byte-level BPE (RoBERTa) tokenizers. */
  private static final List<String> MASK_TOKENS = List.of("[MASK]", "<mask>");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<Integer> special;
  private final int mask;
  private final int vocabularySize;
  private final double maskRate;

  CheckpointMaskedTokenExamples(Set<Integer> special, int mask, int vocabularySize, double maskRate) {
    this.special = Set.copyOf(special);
    this.mask = mask;
    this.vocabularySize = vocabularySize;
    this.maskRate = maskRate;
  }

  /**
   * The objective for the tokenizer in {@code tokenizerJson}: its special tokens are the {@code added_tokens} marked
   * {@code special}; one of them must be a mask token, {@code [MASK]} or {@code <mask>}.
   */
  public static CheckpointMaskedTokenExamples of(Path tokenizerJson, int vocabularySize) throws IOException {
    Set<Integer> special = new HashSet<>();
    Integer mask = null;
    for (JsonNode token : JSON.readTree(tokenizerJson.toFile()).path("added_tokens")) {
      if (token.path("special").asBoolean(false)) {
        special.add(token.path("id").asInt());
        if (MASK_TOKENS.contains(token.path("content").asText())) {
          mask = token.path("id").asInt();
        }
      }
    }
    if (mask == null) {
      throw new IllegalArgumentException("adapt.continuedPretraining: the checkpoint's tokenizer.json has no mask "
          + "token (a special added token " + MASK_TOKENS + "), which masked-LM pretraining needs; remove "
          + "adapt.continuedPretraining");
    }
    return new CheckpointMaskedTokenExamples(special, mask, vocabularySize, MASK_RATE);
  }

  /** The windows already hold the special tokens: an example is the whole window. */
  @Override
  public int windowLength(int sequenceLength) {
    return sequenceLength;
  }

  @Override
  public Example example(int[] window, Random random) {
    Example example = new Example(window.clone(), window.clone(), new float[window.length]);
    MaskedTokenExamples.mask(example, 0, special::contains, mask, maskRate, this::ordinaryToken, random);
    return example;
  }

  private int ordinaryToken(Random random) {
    int token;
    do {
      token = random.nextInt(vocabularySize);
    } while (special.contains(token));
    return token;
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
