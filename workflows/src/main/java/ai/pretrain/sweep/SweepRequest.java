package ai.pretrain.sweep;

import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SweepSpec;

/**
 * A sweep over fine-tune hyperparameters of one adapted model; {@code base} supplies every field not swept.
 *
 * @param carried the previous history's progress after continue-as-new; null at the start
 */
public record SweepRequest(
    RunContext run,
    SweepSpec sweep,
    PretrainSpec architecture,
    AdaptSpec adapt,
    FineTuneSpec base,
    StageResult data,
    StageResult adapted,
    SweepProgress carried) {

  public SweepRequest(RunContext run, SweepSpec sweep, PretrainSpec architecture, AdaptSpec adapt, FineTuneSpec base,
      StageResult data, StageResult adapted) {
    this(run, sweep, architecture, adapt, base, data, adapted, null);
  }

  public SweepRequest carrying(SweepProgress progress) {
    return new SweepRequest(run, sweep, architecture, adapt, base, data, adapted, progress);
  }
}
