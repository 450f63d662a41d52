package ai.pretrain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A pretrain-to-fine-tune pipeline as a user writes it: data, the training stages, what to compare against, and which
 * stages to run again even where the stage cache holds their result ({@code rerun}), who hears when it ends
 * ({@code notify}) and which worker pools run its training stages ({@code resources}). The last two are left out of
 * its JSON when absent, so a spec written before them keeps its digest.
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
    java.util.List<String> rerun,
    @JsonProperty("notify") @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<NotifySpec> notifications,
    @JsonInclude(JsonInclude.Include.NON_NULL) ResourcesSpec resources) {

  public static final long DEFAULT_SEED = 42L;

  public PipelineSpec {
    seed = seed == null ? DEFAULT_SEED : seed;
    prep = prep == null ? PrepSpec.defaults() : prep;
    pretrain = pretrain == null ? PretrainSpec.defaults() : pretrain;
    adapt = adapt == null ? AdaptSpec.defaults() : adapt;
    fineTune = fineTune == null ? FineTuneSpec.defaults() : fineTune;
    evaluate = evaluate == null ? EvaluateSpec.defaults() : evaluate;
    rerun = rerun == null ? java.util.List.of() : java.util.List.copyOf(rerun);
    notifications = notifications == null ? java.util.List.of() : java.util.List.copyOf(notifications);
  }

  /** This spec reporting to {@code targets} instead of its own (the operator's default where it names none). */
  public PipelineSpec withNotifications(java.util.List<NotifySpec> targets) {
    return new PipelineSpec(name, seed, dataset, prep, pretrain, adapt, fineTune, sweep, evaluate, rerun, targets,
        resources);
  }

  /** The task queue {@code stage}'s activities run on: the spec's own where it names one, else {@code fallback}. */
  public String taskQueue(String stage, String fallback) {
    String queue = resources == null ? null : resources.taskQueue(stage);
    return queue == null ? fallback : queue;
  }

  public boolean hasSweep() {
    return sweep != null;
  }
}
