package ai.pretrain.pipeline;

import ai.pretrain.artifact.ArtifactRef;

/**
 * The heartbeat of a training activity, shown in the Temporal UI and the API; on retry the activity reads it back and
 * resumes from {@code checkpoint}, the state saved after {@code checkpointEpoch} epochs (null and 0 before the first).
 *
 * @param epoch the epoch being trained, counted from 1
 */
public record TrainingProgress(
    int epoch,
    int totalEpochs,
    long step,
    double loss,
    double samplesPerSecond,
    ArtifactRef checkpoint,
    int checkpointEpoch) {}
