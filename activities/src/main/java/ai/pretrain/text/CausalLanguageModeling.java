package ai.pretrain.text;

import ai.pretrain.spec.TransformerSpec;

/** GPT's causal language modelling as the {@code causal-lm} plugin; see {@link NextTokenExamples}. */
public final class CausalLanguageModeling implements LanguageModelingObjective {

  @Override
  public String name() {
    return "causal-lm";
  }

  @Override
  public String summary() {
    return "GPT: predict every next token, attention to the past only (in the classifier too)";
  }

  @Override
  public boolean causal() {
    return true;
  }

  @Override
  public LanguageModelExamples examples(BpeTokenizer tokenizer, TransformerSpec transformer) {
    return new NextTokenExamples();
  }
}
