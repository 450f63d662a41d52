package ai.pretrain.huggingface;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A checkpoint's own {@code tokenizer.json} (WordPiece for BERT) through DJL's binding of Hugging Face's tokenizers
 * library, whose native code ships in its jar: text to the ids the checkpoint was trained on, special tokens added.
 */
public final class CheckpointTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer whole;
  private final HuggingFaceTokenizer fixedLength;
  private final int length;

  /** {@code length}: how many ids {@link #sequence} gives, truncated or padded with the pad token (masked). */
  public CheckpointTokenizer(Path tokenizerJson, int length) throws IOException {
    this.length = length;
    this.whole = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optTruncation(false)
        .optPadding(false).build();
    this.fixedLength = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optTruncation(true)
        .optMaxLength(length).optPadToMaxLength().build();
  }

  /** Every id of {@code text}, as {@code Tokenizer.encode} gives them: no truncation, no padding. */
  public long[] encode(String text) {
    return whole.encode(text).getIds();
  }

  /** Exactly {@link #length} ids: truncated (the closing special token kept) or padded. */
  public long[] sequence(String text) {
    Encoding encoding = fixedLength.encode(text);
    long[] ids = encoding.getIds();
    if (ids.length != length) {
      throw new IllegalStateException("the tokenizer gave " + ids.length + " ids, not " + length);
    }
    return ids;
  }

  /** The ids of {@code texts}, one row of {@link #length} each. */
  public long[][] sequences(String... texts) {
    return Arrays.stream(fixedLength.batchEncode(texts)).map(Encoding::getIds).toArray(long[][]::new);
  }

  @Override
  public void close() {
    whole.close();
    fixedLength.close();
  }
}
