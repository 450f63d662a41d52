package ai.pretrain.text;

/**
 * The shape of a BERT/GPT-style transformer encoder: vocabulary, longest sequence, hidden width, depth, attention
 * heads, feed-forward width and dropout; {@code causal} lets each position attend only to itself and the past.
 */
public record TransformerConfig(int vocabularySize, int maxLength, int hiddenSize, int layers, int heads,
    int feedForwardSize, float dropout, boolean causal) {

  public TransformerConfig {
    if (hiddenSize % heads != 0) {
      throw new IllegalArgumentException("hiddenSize " + hiddenSize + " must divide into " + heads + " heads");
    }
  }

  /** The same encoder with causal attention on or off. */
  public TransformerConfig withCausal(boolean isCausal) {
    return new TransformerConfig(vocabularySize, maxLength, hiddenSize, layers, heads, feedForwardSize, dropout,
        isCausal);
  }
}
