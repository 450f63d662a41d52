package ai.pretrain.sweep;

import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;

/**
 * One rung of one trial: fine-tune {@code start}'s model for {@code settings.epochs()} more epochs. A trial that sweeps
 * adapt or pretrain fields has no {@code start} on its first rung: it adapts {@code pretrained} (or, when
 * {@code pretrain} is set, first pretrains its own encoder) with its own {@code architecture} and {@code adapt}.
 *
 * @param start the model a rung continues from: the pipeline's adapted model or the trial's previous rung's result
 * @param metric the metric the rung must report
 */
public record TrialRequest(
    RunContext run,
    int trial,
    int rung,
    PretrainSpec architecture,
    AdaptSpec adapt,
    FineTuneSpec settings,
    PreparedData data,
    StageResult start,
    String metric,
    StageResult pretrained,
    boolean pretrain) {}
