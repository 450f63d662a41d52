package ai.pretrain.text;

import ai.pretrain.spec.TransformerSpec;

/** BERT's masked language modelling as the {@code masked-lm} plugin; see {@link MaskedTokenExamples}. */
public final class MaskedLanguageModeling implements LanguageModelingObjective {

  @Override
  public String name() {
    return "masked-lm";
  }

  @Override
  public String summary() {
    return "BERT: predict the tokens hidden by [MASK] (pretrain.transformer.maskRate of them), bidirectional attention";
  }

  @Override
  public boolean causal() {
    return false;
  }

  @Override
  public LanguageModelExamples examples(BpeTokenizer tokenizer, TransformerSpec transformer) {
    return new MaskedTokenExamples(tokenizer, transformer.maskRate());
  }
}
