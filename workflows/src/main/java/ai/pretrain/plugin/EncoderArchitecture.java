package ai.pretrain.plugin;

import ai.pretrain.spec.EncoderLayers;
import ai.pretrain.spec.EncoderSpec;
import java.util.Set;

/**
 * An encoder architecture ({@code pretrain.architecture}): what examples it reads and how many layers with weights it
 * has for a spec, which is all validation needs; the worker's plugin also builds it (activities'
 * {@code EncoderBuilder}). Built in are mlp, residual-cnn and transformer.
 */
public interface EncoderArchitecture extends Plugin {

  PluginKind<EncoderArchitecture> KIND = new PluginKind<>(EncoderArchitecture.class, "architecture");

  /** The kinds of example an encoder can read. */
  enum Input { IMAGES, TABLES, TEXT }

  Set<Input> inputs();

  /** Its layers with weights for this spec. */
  EncoderLayers layers(EncoderSpec spec);
}
