package ai.pretrain.pipeline;

/**
 * The heartbeat of a training activity, shown in the Temporal UI and the API; on retry the activity reads it back and
 * resumes from {@code checkpointUri}.
 */
public record TrainingProgress(
    int epoch, int totalEpochs, long step, double loss, double samplesPerSecond, String checkpointUri) {}
