package ai.pretrain.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A corpus tokenized into one stream (documents separated by {@code [SEP]}) and cut into fixed-length windows. */
public final class TokenStream {

  private final int[] tokens;

  private TokenStream(int[] tokens) {
    this.tokens = tokens;
  }

  public static TokenStream of(BpeTokenizer tokenizer, List<String> texts) {
    int sep = tokenizer.idOf(BpeTokenizer.SEP);
    List<int[]> parts = new ArrayList<>();
    int total = 0;
    for (String text : texts) {
      int[] ids = tokenizer.encode(text);
      parts.add(ids);
      total += ids.length + 1;
    }
    int[] tokens = new int[total];
    int at = 0;
    for (int[] ids : parts) {
      System.arraycopy(ids, 0, tokens, at, ids.length);
      at += ids.length;
      tokens[at++] = sep;
    }
    return new TokenStream(tokens);
  }

  public int size() {
    return tokens.length;
  }

  /** Consecutive non-overlapping windows of {@code length} tokens, at most {@code limit} (0 = all). */
  public int[][] windows(int length, int limit) {
    int count = tokens.length / length;
    if (limit > 0) {
      count = Math.min(count, limit);
    }
    int[][] windows = new int[count][];
    for (int i = 0; i < count; i++) {
      windows[i] = Arrays.copyOfRange(tokens, i * length, (i + 1) * length);
    }
    return windows;
  }
}
