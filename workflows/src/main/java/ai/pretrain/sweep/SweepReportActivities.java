package ai.pretrain.sweep;

import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import io.temporal.activity.ActivityInterface;

/** Writes what a sweep found to the artifact store: workflow code cannot do I/O. */
@ActivityInterface
public interface SweepReportActivities {

  /** Stores the results table; artifacts {@code results-csv} and {@code results-md}. */
  StageResult writeResults(RunContext run, ResultsTable table);
}
