package ai.pretrain.api.runs;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.temporal.RunMemo;
import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.pipeline.PipelineProgress;
import ai.pretrain.pipeline.PipelineResult;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.pipeline.TrainingProgress;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.converter.DataConverterException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds a run's view from Temporal: status and times from DescribeWorkflowExecution, stages from the workflow's
 * progress query (reused for {@code pretrain.temporal.progress-cache-ttl}), live training numbers from the pending
 * activity's heartbeat, and the failure from the close event.
 */
@ApplicationScoped
public class RunInspector {

  /**
   * The form of the ids the API gives runs, {@code run-<name>-<8 hex>}, unanchored; a schedule's runs carry the time
   * they were due as well, which Temporal appends ({@code -2026-01-01T03:00:00Z}).
   */
  public static final String RUN_ID_FORM =
      "run-[a-z0-9-]{1,40}-[0-9a-f]{8}(-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?";
  public static final String RUN_ID_PATTERN = "^" + RUN_ID_FORM + "$";
  private static final Pattern RUN_ID = Pattern.compile(RUN_ID_PATTERN);

  private final WorkflowGateway temporal;
  private final TemporalConfig config;
  private final RunCounters counters;
  private final RecentProgress recentProgress;

  public RunInspector(WorkflowGateway temporal, TemporalConfig config, RunCounters counters) {
    this.temporal = temporal;
    this.config = config;
    this.counters = counters;
    this.recentProgress = new RecentProgress(config.progressCacheTtl(), System::nanoTime);
  }

  /** The run's current view; 404 when Temporal has no run with this id or it is another owner's. */
  public RunView view(String runId, Caller caller) {
    DescribeWorkflowExecutionResponse described = describe(runId, caller);
    var info = described.getWorkflowExecutionInfo();
    WorkflowExecutionStatus status = info.getStatus();
    Memo memo = info.getMemo();
    counters.observed(runId, temporal.memo(memo, RunMemo.DATASET), status);

    String unavailable = null;
    PipelineProgress progress = null;
    try {
      progress = switch (status) {
        case WORKFLOW_EXECUTION_STATUS_COMPLETED -> resultProgress(runId);
        // a closed run's last word (which stage was interrupted) is read fresh, a running run's may be a second old
        case WORKFLOW_EXECUTION_STATUS_RUNNING -> recentProgress.of(runId, this::queryProgress);
        default -> queryProgress(runId);
      };
    } catch (StatusRuntimeException e) {
      unavailable = whyNoProgress(e);
    }
    List<StageView> stages = progress == null ? List.of()
        : progress.stages().stream().map(stage -> StageView.of(stage, live(stage, described))).toList();
    // Baselines train concurrently, so a heartbeat cannot be told apart from another baseline's: no live numbers.
    List<StageView> baselines = progress == null ? List.of()
        : progress.baselines().stream().map(stage -> StageView.of(stage, null)).toList();
    List<ComparisonRow> comparison = progress == null ? List.of() : progress.stages().stream()
        .filter(stage -> stage.stage().equals(Stages.EVALUATE) && stage.state() == StageState.COMPLETED)
        .findFirst()
        .map(stage -> ComparisonRow.table(stage.metrics()))
        .orElse(List.of());

    return new RunView(
        runId,
        temporal.memo(memo, RunMemo.SPEC_NAME),
        temporal.memo(memo, RunMemo.OWNER),
        WorkflowGateway.statusName(status),
        WorkflowGateway.instant(info.getStartTime()),
        info.hasCloseTime() ? WorkflowGateway.instant(info.getCloseTime()) : null,
        config.uiLink(runId),
        stages,
        progress == null ? null : progress.interruptedStage(),
        status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED ? temporal.failure(runId) : null,
        comparison,
        unavailable,
        baselines);
  }

  /**
   * DescribeWorkflowExecution for a run the caller may see; 404 (never 403, so ids of other owners' runs are not
   * confirmed) for another owner's run, as for ids that are not runs or that Temporal does not know.
   */
  public DescribeWorkflowExecutionResponse describe(String runId, Caller caller) {
    if (!RUN_ID.matcher(runId).matches()) {
      throw ProblemException.runNotFound(runId);
    }
    DescribeWorkflowExecutionResponse described =
        temporal.describe(runId).orElseThrow(() -> ProblemException.runNotFound(runId));
    if (!caller.sees(temporal.memo(described.getWorkflowExecutionInfo().getMemo(), RunMemo.OWNER))) {
      throw ProblemException.runNotFound(runId);
    }
    return described;
  }

  private PipelineProgress queryProgress(String runId) {
    return temporal.query(runId, "progress", PipelineProgress.class);
  }

  /** A completed run's stages come from its result, so they show even when no worker is left to answer queries. */
  private PipelineProgress resultProgress(String runId) {
    PipelineResult result = temporal.result(runId, PipelineResult.class);
    return new PipelineProgress(result.runId(), result.stages(), null, result.baselines());
  }

  private String whyNoProgress(StatusRuntimeException queryError) {
    try {
      if (!temporal.polled(TaskQueues.CPU)) {
        return "no worker is polling " + TaskQueues.CPU;
      }
    } catch (StatusRuntimeException ignored) {
      // Fall through to the query's own error, which says more than this one.
    }
    return "the progress query failed: " + queryError.getStatus().getCode() + " "
        + Optional.ofNullable(queryError.getStatus().getDescription()).orElse("");
  }

  /** The heartbeat of the training activity behind a running stage, if one has heartbeated yet. */
  private TrainingProgress live(StageProgress stage, DescribeWorkflowExecutionResponse described) {
    if (stage.state() != StageState.RUNNING) {
      return null;
    }
    List<PendingActivityInfo> beating = described.getPendingActivitiesList().stream()
        .filter(PendingActivityInfo::hasHeartbeatDetails)
        .toList();
    // Activity types are the method names capitalised (Pretrain, FineTune); the evaluate stage trains baselines
    // through Adapt and FineTune, so fall back to any heartbeating activity.
    PendingActivityInfo match = beating.stream()
        .filter(activity -> activity.getActivityType().getName().equalsIgnoreCase(stage.stage()))
        .findFirst()
        .orElse(beating.isEmpty() ? null : beating.get(0));
    if (match == null) {
      return null;
    }
    try {
      return temporal.decode(match.getHeartbeatDetails(), TrainingProgress.class);
    } catch (DataConverterException notTraining) {
      return null;
    }
  }
}
