package ai.pretrain.training;

import ai.djl.nn.SequentialBlock;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.plugin.EncoderArchitecture;
import ai.pretrain.plugin.PluginKind;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.LoraSpec;
import java.util.List;

/**
 * An encoder architecture plugin as the worker uses it: it builds the encoder, a block whose children with weights are
 * the layers {@code encoder.0} .. (as many as {@link #layers} says, the last giving the latent code). A jar adds one
 * by implementing this and listing it in {@code META-INF/services/ai.pretrain.plugin.Plugin}.
 */
public interface EncoderBuilder extends EncoderArchitecture {

  PluginKind<EncoderBuilder> KIND = new PluginKind<>(EncoderBuilder.class, "architecture");

  /**
   * The encoder for {@code spec}, reading examples of the prepared data's {@code input} geometry (an image encoder
   * reshapes its flat input with {@link Encoder#images}; {@link ImageGeometry#NONE} for tables and text); the linear
   * layers named in {@code loraLayers} ({@code encoder.<i>}) learn through low-rank adapters ({@link Encoder#layer}
   * builds either kind).
   */
  SequentialBlock build(EncoderSpec spec, ImageGeometry input, List<String> loraLayers, LoraSpec lora);
}
