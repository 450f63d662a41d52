package ai.pretrain.text;

import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.TransformerSpec;

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

  /**
   * The encoder a spec with {@code architecture: transformer} declares: hidden width {@code latentUnits}, causal
   * attention when its objective's is.
   */
  public static TransformerConfig of(EncoderSpec encoder) {
    TransformerSpec t = encoder.transformer();
    return new TransformerConfig(t.vocabularySize(), t.sequenceLength(), encoder.latentUnits(), t.layers(), t.heads(),
        t.feedForwardUnits(), t.dropout().floatValue(), LanguageModelingObjective.named(encoder.objective()).causal());
  }

  /** The same encoder with causal attention on or off. */
  public TransformerConfig withCausal(boolean isCausal) {
    return new TransformerConfig(vocabularySize, maxLength, hiddenSize, layers, heads, feedForwardSize, dropout,
        isCausal);
  }
}
