package ai.pretrain.architecture;

import ai.pretrain.plugin.EncoderArchitecture;
import ai.pretrain.spec.EncoderLayers;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.Set;

/**
 * The {@code transformer} encoder for text (pretrain.transformer): one layer, {@code encoder.0}, whose pooled output
 * is the latent code.
 */
public class TransformerArchitecture implements EncoderArchitecture {

  @Override
  public String name() {
    return PretrainSpec.TRANSFORMER;
  }

  @Override
  public String summary() {
    return "BERT/GPT-style pre-LayerNorm transformer over BPE token ids, mean or [CLS] pooled; text";
  }

  @Override
  public Set<Input> inputs() {
    return Set.of(Input.TEXT);
  }

  @Override
  public EncoderLayers layers(EncoderSpec spec) {
    return new EncoderLayers(1, 1);
  }
}
