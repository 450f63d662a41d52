package ai.pretrain.spec;

import java.util.List;

/**
 * What the evaluate stage reports: which baselines are trained for comparison on the same labels and budget, and
 * which metric plugins score every model beside the built-in columns.
 */
public record EvaluateSpec(List<String> baselines, List<String> metrics) {

  /** The same architecture trained from a random initialisation, every layer trainable. */
  public static final String SCRATCH = "scratch";

  /** The pretrained encoder frozen under a new linear head: how much the pretrained features alone give. */
  public static final String LINEAR_PROBE = "linear-probe";

  /**
   * The general-domain language model fine-tuned the same way but without the adapt stage's continued pretraining on
   * the task's text: how much the domain adaptation gives.
   */
  public static final String GENERAL_PRETRAINED = "general-pretrained";

  /** Every baseline a spec may name. */
  public static final List<String> BASELINES = List.of(SCRATCH, LINEAR_PROBE, GENERAL_PRETRAINED);

  public static final List<String> DEFAULT_BASELINES = List.of(SCRATCH);

  public EvaluateSpec {
    baselines = baselines == null ? DEFAULT_BASELINES : List.copyOf(baselines);
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
  }

  public EvaluateSpec(List<String> baselines) {
    this(baselines, null);
  }

  public static EvaluateSpec defaults() {
    return new EvaluateSpec(null, null);
  }

  /**
   * The head and freezing a model of the comparison is trained with, given the spec's own: the workflow adapts each
   * baseline with it and the evaluate stage rebuilds the same network to load its weights.
   */
  public static AdaptSpec adaptOf(String model, AdaptSpec adapt) {
    return switch (model) {
      case SCRATCH -> adapt.unfrozen();
      case LINEAR_PROBE -> new AdaptSpec(0, adapt.dropout(), true, null, null, adapt.continuedPretraining());
      case GENERAL_PRETRAINED -> adapt.withoutContinuedPretraining();
      default -> adapt;
    };
  }
}
