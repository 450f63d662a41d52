package ai.pretrain.training;

import ai.pretrain.stage.Heartbeat;
import ai.pretrain.stage.StageRun;
import java.time.Duration;

/**
 * What every training stage runs with: the stage it completes (workspace, store, log), the run's seed, the activity's
 * heartbeat (which a retried attempt resumes from) and how often it checkpoints.
 */
public record TrainingContext(StageRun stage, long seed, Heartbeat heartbeat, Duration checkpointInterval) {}
