package ai.pretrain.api.sweeps;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.temporal.RunMemo;
import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.sweep.ResultsTable;
import ai.pretrain.sweep.SweepRequest;
import ai.pretrain.sweep.SweepResult;
import ai.pretrain.sweep.Trial;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds a sweep's view from Temporal: status from DescribeWorkflowExecution, the leaderboard from the workflow's
 * {@code leaderboard} query while it runs and from its result once it has completed (so no worker is needed then).
 */
@ApplicationScoped
public class SweepInspector {

  /** Sweeps started through this API, and the sweep child of a pipeline run. */
  static final Pattern SWEEP_ID =
      Pattern.compile("sweep-[a-z0-9-]{1,40}-[0-9a-f]{8}|run-[a-z0-9-]{1,40}-[0-9a-f]{8}-sweep");

  /** The id suffix of the sweep a pipeline run starts as its child. */
  private static final String PIPELINE_SWEEP_SUFFIX = "-sweep";

  private final WorkflowGateway temporal;
  private final TemporalConfig config;

  SweepInspector(WorkflowGateway temporal, TemporalConfig config) {
    this.temporal = temporal;
    this.config = config;
  }

  public SweepView view(String sweepId, Caller caller) {
    var info = describe(sweepId, caller).getWorkflowExecutionInfo();
    WorkflowExecutionStatus status = info.getStatus();
    SweepRequest request = temporal.firstInput(sweepId, SweepRequest.class);
    String metric = request.sweep().metric();
    List<Trial> trials = List.of();
    SweepResult result = null;
    String unavailable = null;
    try {
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        result = temporal.result(sweepId, SweepResult.class);
        trials = result.trials();
      } else {
        trials = Arrays.asList(temporal.query(sweepId, "leaderboard", Trial[].class));
      }
    } catch (StatusRuntimeException e) {
      unavailable = "the leaderboard query failed: " + e.getStatus().getCode() + " "
          + Optional.ofNullable(e.getStatus().getDescription()).orElse("");
    }
    Map<String, String> artifacts = new LinkedHashMap<>();
    if (result != null) {
      result.summary().artifacts().forEach((name, ref) -> artifacts.put(name, ref.uri()));
    }
    return new SweepView(sweepId, WorkflowGateway.statusName(status), WorkflowGateway.instant(info.getStartTime()),
        info.hasCloseTime() ? WorkflowGateway.instant(info.getCloseTime()) : null, config.uiLink(sweepId), metric,
        leaderboard(metric, request.sweep().mode(), trials),
        result == null ? null : result.bestParameters(), result == null ? null : artifacts,
        result == null ? null : result.trialEpochs(), unavailable);
  }

  /** The trials best first by the sweep's metric; trials with no metric yet last, in trial order. */
  static List<LeaderboardRow> leaderboard(String metric, String mode, List<Trial> trials) {
    List<LeaderboardRow> rows = new ArrayList<>();
    int rank = 1;
    for (Trial t : new ResultsTable(metric, mode, trials).rows()) {
      rows.add(LeaderboardRow.of(t.metric() == null ? null : rank++, t));
    }
    return rows;
  }

  /**
   * DescribeWorkflowExecution of a sweep the caller may see; 404 for ids that are not sweeps, that Temporal does not
   * know, or another owner's sweep. A sweep started through this API carries its owner; a pipeline run's sweep child
   * belongs to the run's owner.
   */
  DescribeWorkflowExecutionResponse describe(String sweepId, Caller caller) {
    if (!SWEEP_ID.matcher(sweepId).matches()) {
      throw SweepProblem.sweepNotFound(sweepId);
    }
    DescribeWorkflowExecutionResponse described = temporal.describe(sweepId)
        .filter(d -> "SweepWorkflow".equals(d.getWorkflowExecutionInfo().getType().getName()))
        .orElseThrow(() -> SweepProblem.sweepNotFound(sweepId));
    if (!caller.sees(owner(sweepId, described))) {
      throw SweepProblem.sweepNotFound(sweepId);
    }
    return described;
  }

  private String owner(String sweepId, DescribeWorkflowExecutionResponse described) {
    if (!sweepId.endsWith(PIPELINE_SWEEP_SUFFIX)) {
      return temporal.memo(described.getWorkflowExecutionInfo().getMemo(), RunMemo.OWNER);
    }
    String runId = sweepId.substring(0, sweepId.length() - PIPELINE_SWEEP_SUFFIX.length());
    return temporal.describe(runId)
        .map(run -> temporal.memo(run.getWorkflowExecutionInfo().getMemo(), RunMemo.OWNER))
        .orElse(null);
  }
}
