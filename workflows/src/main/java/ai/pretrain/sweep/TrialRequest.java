package ai.pretrain.sweep;

import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;

/**
 * One rung of one trial: fine-tune up to epoch {@code untilEpoch} of a trial {@code settings.epochs()} long, going on
 * from {@code start}'s training state (or, for sweeps started before rungs resumed training, {@code untilEpoch} 0:
 * fine-tune {@code start}'s model for {@code settings.epochs()} more epochs with a fresh optimizer). A trial that
 * sweeps adapt or pretrain fields has no {@code start} on its first rung: it adapts {@code pretrained} (or, when
 * {@code pretrain} is set, first pretrains its own encoder) with its own {@code architecture} and {@code adapt}.
 *
 * @param start the model a rung continues from: the pipeline's adapted model or the trial's previous rung's result
 * @param metric the metric the rung must report
 * @param untilEpoch the epoch of the trial this rung ends at; 0 where {@code settings.epochs()} is the rung's length
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
    boolean pretrain,
    int untilEpoch) {}
