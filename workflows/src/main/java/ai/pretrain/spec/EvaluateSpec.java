package ai.pretrain.spec;

import java.util.List;

/**
 * What the evaluate stage reports: which baselines are trained for comparison on the same labels and budget, and
 * which metric plugins score every model beside the built-in columns.
 */
public record EvaluateSpec(List<String> baselines, List<String> metrics, Double linearProbeLearningRate) {

  /** The pipeline's own model, which every baseline is compared against. */
  public static final String PRETRAINED = "pretrained";

  /** The same architecture trained from a random initialisation, every layer trainable. */
  public static final String SCRATCH = "scratch";

  /** The pretrained encoder frozen under a new linear head: how much the pretrained features alone give. */
  public static final String LINEAR_PROBE = "linear-probe";

  /**
   * The general-domain language model fine-tuned the same way but without the adapt stage's continued pretraining on
   * the task's text: how much the domain adaptation gives.
   */
  public static final String GENERAL_PRETRAINED = "general-pretrained";

  /**
   * The pretrained model fine-tuned the same way but on the labeled examples alone, without {@code fineTune.unlabeled}:
   * how much the unlabeled images give during fine-tuning.
   */
  public static final String LABELED_ONLY = "labeled-only";

  /** Every baseline a spec may name. */
  public static final List<String> BASELINES = List.of(SCRATCH, LINEAR_PROBE, GENERAL_PRETRAINED, LABELED_ONLY);

  public static final List<String> DEFAULT_BASELINES = List.of(SCRATCH);

  /**
   * The linear probe's own learning rate: a lone linear head on frozen features needs about ten times the end-to-end
   * fine-tuning rate to converge within the same epochs (bench/vision).
   */
  public static final double DEFAULT_LINEAR_PROBE_LEARNING_RATE = 0.01;

  public EvaluateSpec {
    baselines = baselines == null ? DEFAULT_BASELINES : List.copyOf(baselines);
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
    linearProbeLearningRate =
        linearProbeLearningRate == null ? DEFAULT_LINEAR_PROBE_LEARNING_RATE : linearProbeLearningRate;
  }

  public EvaluateSpec(List<String> baselines, List<String> metrics) {
    this(baselines, metrics, null);
  }

  public EvaluateSpec(List<String> baselines) {
    this(baselines, null);
  }

  public static EvaluateSpec defaults() {
    return new EvaluateSpec(null, null, null);
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

  /**
   * The fine-tuning budget a model of the comparison is trained with, given the pipeline's: the same epochs, batches
   * and early stopping for every model, but the linear probe at {@link #linearProbeLearningRate}, since the rate
   * chosen for end-to-end fine-tuning leaves a lone linear head at chance level when early stopping ends it. The
   * linear probe and the labeled-only model see the labeled examples alone: the probe measures what pretraining
   * learned, the labeled-only model what the unlabeled images add.
   */
  public FineTuneSpec fineTuneOf(String model, FineTuneSpec fineTune) {
    return switch (model) {
      case LINEAR_PROBE -> fineTune.labeledOnly().with("learningRate", linearProbeLearningRate);
      case LABELED_ONLY -> fineTune.labeledOnly();
      default -> fineTune;
    };
  }
}
