package ai.pretrain.spec;

import java.util.List;
import java.util.Map;

/**
 * A grid search over fine-tune hyperparameters. Keys are {@code fineTune.<field>}; every combination of the listed
 * values is one trial, and the trial with the best validation accuracy becomes the fine-tuned model.
 */
public record SweepSpec(String method, Map<String, List<Double>> parameters, Integer parallelism) {

  public static final List<String> METHODS = List.of("grid");
  public static final List<String> SWEEPABLE =
      List.of("fineTune.epochs", "fineTune.batchSize", "fineTune.learningRate", "fineTune.weightDecay",
          "fineTune.patience");

  public SweepSpec {
    method = method == null ? "grid" : method;
    parameters = parameters == null ? Map.of() : new java.util.TreeMap<>(parameters);
    parallelism = parallelism == null ? 2 : parallelism;
  }
}
