package ai.pretrain.sweep;

import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SweepSpec;

/**
 * A sweep over the hyperparameters of a pipeline's model; {@code architecture}, {@code adapt} and {@code base} supply
 * every field not swept.
 *
 * @param pretrained the pipeline's pretrained encoder, which a trial that sweeps adapt fields adapts anew; null in
 *     requests recorded before such sweeps existed
 * @param adapted the pipeline's adapted model, where a trial that sweeps only fine-tune fields starts
 * @param carried the previous history's progress after continue-as-new; null at the start
 */
public record SweepRequest(
    RunContext run,
    SweepSpec sweep,
    PretrainSpec architecture,
    AdaptSpec adapt,
    FineTuneSpec base,
    PreparedData data,
    StageResult pretrained,
    StageResult adapted,
    SweepProgress carried) {

  public SweepRequest(RunContext run, SweepSpec sweep, PretrainSpec architecture, AdaptSpec adapt, FineTuneSpec base,
      PreparedData data, StageResult pretrained, StageResult adapted) {
    this(run, sweep, architecture, adapt, base, data, pretrained, adapted, null);
  }

  public SweepRequest carrying(SweepProgress progress) {
    return new SweepRequest(run, sweep, architecture, adapt, base, data, pretrained, adapted, progress);
  }
}
