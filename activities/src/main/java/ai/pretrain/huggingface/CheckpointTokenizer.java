package ai.pretrain.huggingface;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A checkpoint's own {@code tokenizer.json} (WordPiece for BERT and DistilBERT, byte-level BPE for RoBERTa) through
 * DJL's binding of Hugging Face's tokenizers library, whose native code ships in its jar: text to the ids the
 * checkpoint was trained on, special tokens added ({@code [CLS] … [SEP]}, {@code <s> … </s>}, as its post-processor
 * says), padded with the checkpoint's {@code pad_token_id}.
 */
public final class CheckpointTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer whole;
  private final HuggingFaceTokenizer fixedLength;
  private final int length;
  private final long padTokenId;

  /**
   * @param length how many ids {@link #sequence} gives, truncated or padded (masked by the encoder)
   * @param padTokenId the checkpoint's {@code pad_token_id} (config.json), which padding fills in
   */
  public CheckpointTokenizer(Path tokenizerJson, int length, int padTokenId) throws IOException {
    this.length = length;
    this.padTokenId = padTokenId;
    this.whole = readable(HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optTruncation(false)
        .optPadding(false));
    try {
      this.fixedLength = readable(HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optTruncation(true)
          .optMaxLength(length).optPadding(false));
    } catch (RuntimeException e) {
      whole.close();
      throw e;
    }
  }

  /**
   * The tokenizer, or a failure no retry mends, naming the field and the fix, where the tokenizers library cannot
   * read the file (a truncated upload, a format newer than the library): its own message names only a line and column.
   */
  private static HuggingFaceTokenizer readable(HuggingFaceTokenizer.Builder builder) throws IOException {
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw ApplicationFailure.newNonRetryableFailure(CheckpointFolder.FIELD + ": tokenizer.json cannot be read by "
          + "the tokenizers library (" + e.getMessage() + "); write it again with "
          + "AutoTokenizer.from_pretrained(folder).save_pretrained(folder)", "InvalidCheckpoint");
    }
  }

  /** Every id of {@code text}, as {@code Tokenizer.encode} gives them: no truncation, no padding. */
  public long[] encode(String text) {
    return whole.encode(text).getIds();
  }

  /** Exactly {@link #length} ids: truncated (the closing special token kept) or padded. */
  public long[] sequence(String text) {
    return padded(fixedLength.encode(text).getIds());
  }

  /** The ids of {@code texts}, one row of {@link #length} each. */
  public long[][] sequences(String... texts) {
    return Arrays.stream(fixedLength.batchEncode(texts)).map(e -> padded(e.getIds())).toArray(long[][]::new);
  }

  private long[] padded(long[] ids) {
    if (ids.length > length) {
      throw new IllegalStateException("the tokenizer gave " + ids.length + " ids, more than " + length);
    }
    long[] row = Arrays.copyOf(ids, length);
    Arrays.fill(row, ids.length, length, padTokenId);
    return row;
  }

  /**
   * The texts' ids for masked-LM training: each text's tokens cut into consecutive windows, each window wrapped in the
   * special tokens the tokenizer puts around one text ({@code [CLS] … [SEP]}) and padded to {@link #length}.
   */
  public long[][] windows(List<String> texts) {
    List<long[]> windows = new ArrayList<>();
    for (String text : texts) {
      Encoding encoding = whole.encode(text);
      long[] ids = encoding.getIds();
      long[] special = encoding.getSpecialTokenMask();
      int start = 0;
      while (start < ids.length && special[start] == 1) {
        start++;
      }
      int end = ids.length;
      while (end > start && special[end - 1] == 1) {
        end--;
      }
      int body = length - start - (ids.length - end);
      for (int from = start; from < end; from += body) {
        int to = Math.min(end, from + body);
        long[] window = new long[length];
        Arrays.fill(window, padTokenId);
        System.arraycopy(ids, 0, window, 0, start);
        System.arraycopy(ids, from, window, start, to - from);
        System.arraycopy(ids, end, window, start + to - from, ids.length - end);
        windows.add(window);
      }
    }
    return windows.toArray(long[][]::new);
  }

  @Override
  public void close() {
    whole.close();
    fixedLength.close();
  }
}
