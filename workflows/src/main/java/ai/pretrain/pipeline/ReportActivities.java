package ai.pretrain.pipeline;

import io.temporal.activity.ActivityInterface;
import java.util.Map;

/** Draws a run's report: one self-contained HTML page of its stages, curves, scores and the lineage of its artifacts. */
@ActivityInterface
public interface ReportActivities {

  /**
   * Renders the report of the stages run so far, keyed by stage name ({@link Stages}; a baseline's fine-tune as
   * {@code fineTune.<baseline>}). Artifacts: {@code report-html} (charts embedded, works offline) and each chart as
   * {@code chart-<name>} (PNG). Metrics: {@code charts}, the number of charts drawn.
   */
  StageResult writeReport(RunContext run, Map<String, StageResult> stages);
}
