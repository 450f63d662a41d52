package ai.pretrain.plugin;

import ai.pretrain.plugin.EncoderArchitecture.Input;
import java.util.Set;

/**
 * A self-supervised objective the pretrain stage trains an encoder with ({@code pretrain.objective}): built in are
 * denoising-autoencoder for the MLP and CNN encoders, and masked-lm and causal-lm for the transformer. The worker's
 * training code for the objective's family implements the rest (a language-modelling objective turns token windows
 * into inputs, targets and loss weights).
 */
public interface PretrainingObjective extends Plugin {

  PluginKind<PretrainingObjective> KIND = new PluginKind<>(PretrainingObjective.class, "objective");

  /** The examples it pretrains on: an architecture fits it when it reads one of them. */
  Set<Input> inputs();
}
