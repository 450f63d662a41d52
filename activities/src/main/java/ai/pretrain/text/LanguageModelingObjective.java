package ai.pretrain.text;

import ai.pretrain.plugin.EncoderArchitecture.Input;
import ai.pretrain.plugin.PluginKind;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.plugin.PretrainingObjective;
import ai.pretrain.spec.TransformerSpec;
import java.util.Set;

/**
 * A language-modelling objective for the transformer, as a plugin: how token windows become training examples, and
 * whether attention is causal (in pretraining and in the classifier built on the pretrained encoder). A jar adds one
 * (span masking, say) by implementing this and listing it in {@code META-INF/services/ai.pretrain.plugin.Plugin}.
 */
public interface LanguageModelingObjective extends PretrainingObjective {

  PluginKind<LanguageModelingObjective> KIND =
      new PluginKind<>(LanguageModelingObjective.class, "language-modelling objective");

  /** The objective {@code pretrain.objective} names; spec validation has already checked it is installed. */
  static LanguageModelingObjective named(String name) {
    return PluginRegistry.shared().get(KIND, name, "pretrain.objective");
  }

  /** Whether each position may attend only to itself and the past. */
  boolean causal();

  /** The objective's examples for this tokenizer and transformer. */
  LanguageModelExamples examples(BpeTokenizer tokenizer, TransformerSpec transformer);

  @Override
  default Set<Input> inputs() {
    return Set.of(Input.TEXT);
  }
}
