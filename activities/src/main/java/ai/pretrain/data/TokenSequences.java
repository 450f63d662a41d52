package ai.pretrain.data;

import ai.pretrain.text.BpeTokenizer;
import java.io.IOException;

/**
 * Every document as a classifier reads it ({@link BpeTokenizer#classifierSequence}: {@code [CLS]}, its ids cut to fit,
 * {@code [SEP]}, padding), with its class, read from a {@link TokenSpool}.
 */
final class TokenSequences extends TokenRows {

  private final TokenSpool tokens;
  private final int[] labels;
  private final int classCount;
  private final int length;
  private final int cls;
  private final int sep;

  TokenSequences(TokenSpool tokens, int[] labels, int classCount, int length, BpeTokenizer tokenizer) {
    this.tokens = tokens;
    this.labels = labels;
    this.classCount = classCount;
    this.length = length;
    this.cls = tokenizer.idOf(BpeTokenizer.CLS);
    this.sep = tokenizer.idOf(BpeTokenizer.SEP);
  }

  @Override
  public int size() {
    return tokens.size();
  }

  @Override
  public int featureCount() {
    return length;
  }

  @Override
  public int classCount() {
    return classCount;
  }

  @Override
  public int label(int row) {
    return labels[row];
  }

  @Override
  public void features(int row, float[] into) throws IOException {
    int[] body = tokens.ids(row, length - 2);
    java.util.Arrays.fill(into, 0, length, 0f);
    into[0] = cls;
    for (int t = 0; t < body.length; t++) {
      into[t + 1] = body[t];
    }
    into[body.length + 1] = sep;
  }
}
