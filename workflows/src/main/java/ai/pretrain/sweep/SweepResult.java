package ai.pretrain.sweep;

import ai.pretrain.artifact.ArtifactRef;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished sweep: every trial, the best one's parameters, fine-tune settings (epochs = what it trained) and model,
 * and the results table.
 *
 * @param best the best trial's last fine-tune result (artifact {@code model})
 * @param bestArchitecture the best trial's encoder, which differs from the pipeline's when pretrain fields are swept
 *     (null in results recorded before such sweeps existed)
 * @param bestAdapt the best trial's head and freezing (null likewise)
 * @param report the results table (artifacts {@code results-csv}, {@code results-md})
 * @param trialEpochs epochs all trials trained together
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepResult(List<Trial> trials, int bestTrial, Map<String, Double> bestParameters,
    FineTuneSpec bestFineTune, StageResult best, StageResult report, long trialEpochs, String metric,
    PretrainSpec bestArchitecture, AdaptSpec bestAdapt) {

  /** The sweep stage as the pipeline shows it: the best model and the tables, the best metric and the cost. */
  public StageResult summary() {
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(best.artifacts());
    if (report != null) {
      artifacts.putAll(report.artifacts());
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("bestTrial", (double) bestTrial);
    // A result recorded before metric and report existed reads them as null.
    String ranking = metric == null ? "validationAccuracy" : metric;
    if (best.metrics().containsKey(ranking)) {
      metrics.put(ranking, best.metrics().get(ranking));
    }
    metrics.put("trials", (double) trials.size());
    metrics.put("trialEpochs", (double) trialEpochs);
    return new StageResult(Stages.SWEEP, artifacts, metrics, false, report == null ? null : report.cacheKey());
  }
}
