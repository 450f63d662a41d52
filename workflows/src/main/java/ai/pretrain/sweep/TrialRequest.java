package ai.pretrain.sweep;

import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;

/**
 * One rung of one trial: fine-tune {@code start}'s model for {@code settings.epochs()} more epochs.
 *
 * @param start the adapted model for a trial's first rung, else the trial's previous rung's result
 * @param metric the metric the rung must report
 */
public record TrialRequest(
    RunContext run,
    int trial,
    int rung,
    PretrainSpec architecture,
    AdaptSpec adapt,
    FineTuneSpec settings,
    StageResult data,
    StageResult start,
    String metric) {}
