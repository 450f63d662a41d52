package ai.pretrain.training;

import ai.djl.nn.SequentialBlock;
import ai.pretrain.architecture.TransformerArchitecture;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.TransformerSpec;
import ai.pretrain.text.TextEncoder.Pooling;
import ai.pretrain.text.TextEncoder;
import ai.pretrain.text.TransformerConfig;
import java.util.List;

/** Builds the {@code transformer} encoder: token ids to the pooled sequence vector, as one layer. */
public final class TransformerEncoderBuilder extends TransformerArchitecture implements EncoderBuilder {

  @Override
  public SequentialBlock build(EncoderSpec spec, ImageGeometry input, List<String> loraLayers, LoraSpec lora) {
    Pooling pooling = TransformerSpec.CLS.equals(spec.transformer().pooling()) ? Pooling.CLS : Pooling.MEAN;
    return new SequentialBlock().add(new TextEncoder(TransformerConfig.of(spec), pooling));
  }
}
