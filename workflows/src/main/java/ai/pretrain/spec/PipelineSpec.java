package ai.pretrain.spec;

/**
 * A pretrain-to-fine-tune pipeline as a user writes it: data, the training stages, what to compare against, and which
 * stages to run again even where the stage cache holds their result ({@code rerun}).
 */
public record PipelineSpec(
    String name,
    Long seed,
    DatasetSpec dataset,
    PrepSpec prep,
    PretrainSpec pretrain,
    AdaptSpec adapt,
    FineTuneSpec fineTune,
    SweepSpec sweep,
    EvaluateSpec evaluate,
    java.util.List<String> rerun) {

  public static final long DEFAULT_SEED = 42L;

  public PipelineSpec {
    seed = seed == null ? DEFAULT_SEED : seed;
    prep = prep == null ? PrepSpec.defaults() : prep;
    pretrain = pretrain == null ? PretrainSpec.defaults() : pretrain;
    adapt = adapt == null ? AdaptSpec.defaults() : adapt;
    fineTune = fineTune == null ? FineTuneSpec.defaults() : fineTune;
    evaluate = evaluate == null ? EvaluateSpec.defaults() : evaluate;
    rerun = rerun == null ? java.util.List.of() : java.util.List.copyOf(rerun);
  }

  public boolean hasSweep() {
    return sweep != null;
  }
}
