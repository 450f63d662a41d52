package ai.pretrain.sweep;

import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.FineTuneSpec;
import java.util.List;

/** The finished sweep: every trial, and the best one's fine-tune settings and trained model. */
public record SweepResult(List<Trial> trials, int bestTrial, FineTuneSpec bestFineTune, StageResult best) {}
