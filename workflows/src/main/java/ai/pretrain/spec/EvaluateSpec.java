package ai.pretrain.spec;

import java.util.List;

/** What the evaluate stage reports: which baselines are trained for comparison on the same labels and budget. */
public record EvaluateSpec(List<String> baselines) {

  public static final List<String> BASELINES = List.of("scratch");

  public EvaluateSpec {
    baselines = baselines == null ? List.of("scratch") : List.copyOf(baselines);
  }

  public static EvaluateSpec defaults() {
    return new EvaluateSpec(null);
  }
}
