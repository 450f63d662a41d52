package ai.pretrain.spec;

import java.util.List;

/**
 * A BERT/GPT-style transformer encoder for text, as {@code pretrain.architecture: transformer} builds it: its
 * tokenizer's vocabulary (byte-level BPE trained in data prep), the longest sequence, depth, attention heads,
 * feed-forward width, dropout, the share of tokens masked language modelling hides, and how the classifier pools the
 * sequence. The hidden width is {@code pretrain.latentUnits}.
 */
public record TransformerSpec(Integer vocabularySize, Integer sequenceLength, Integer layers, Integer heads,
    Integer feedForwardUnits, Double dropout, Double maskRate, String pooling) {

  /** The classifier reads the mean of the non-padding positions' vectors. */
  public static final String MEAN = "mean";

  /** The classifier reads the first position's vector ({@code [CLS]}), as BERT does. */
  public static final String CLS = "cls";

  public static final List<String> POOLINGS = List.of(MEAN, CLS);

  public TransformerSpec {
    vocabularySize = vocabularySize == null ? 2000 : vocabularySize;
    sequenceLength = sequenceLength == null ? 64 : sequenceLength;
    layers = layers == null ? 2 : layers;
    heads = heads == null ? 4 : heads;
    feedForwardUnits = feedForwardUnits == null ? 256 : feedForwardUnits;
    dropout = dropout == null ? 0.1 : dropout;
    maskRate = maskRate == null ? 0.15 : maskRate;
    pooling = pooling == null ? MEAN : pooling;
  }

  public static TransformerSpec defaults() {
    return new TransformerSpec(null, null, null, null, null, null, null, null);
  }
}
