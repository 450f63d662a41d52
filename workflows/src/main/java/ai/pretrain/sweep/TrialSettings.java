package ai.pretrain.sweep;

import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.Map;

/**
 * What one trial trains with: the sweep's base specs with the trial's parameters set. Keys {@code pretrain.<field>}
 * and {@code adapt.<field>} change the encoder and the head; every other key is a fine-tune field.
 */
public record TrialSettings(PretrainSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune) {

  private static final String PRETRAIN = "pretrain.";
  private static final String ADAPT = "adapt.";

  public static TrialSettings of(PretrainSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
      Map<String, Double> parameters) {
    for (Map.Entry<String, Double> p : parameters.entrySet()) {
      String key = p.getKey();
      if (key.startsWith(PRETRAIN)) {
        architecture = architecture.with(key.substring(PRETRAIN.length()), p.getValue());
      } else if (key.startsWith(ADAPT)) {
        adapt = adapt.with(key.substring(ADAPT.length()), p.getValue());
      } else {
        fineTune = fineTune.with(key, p.getValue());
      }
    }
    return new TrialSettings(architecture, adapt, fineTune);
  }

  /** Whether the trial pretrains its own encoder (it sweeps a pretrain field). */
  public static boolean pretrainsItsOwn(Map<String, Double> parameters) {
    return parameters.keySet().stream().anyMatch(k -> k.startsWith(PRETRAIN));
  }

  /** Whether the trial cannot start from the pipeline's adapted model (it sweeps a pretrain or adapt field). */
  public static boolean adaptsItsOwn(Map<String, Double> parameters) {
    return parameters.keySet().stream().anyMatch(k -> k.startsWith(PRETRAIN) || k.startsWith(ADAPT));
  }
}
