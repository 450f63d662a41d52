package ai.pretrain.api.runs;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.pipeline.PipelineProgress;
import ai.pretrain.pipeline.PipelineResult;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.pipeline.TrainingProgress;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.TemporalFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Builds a run's view from Temporal: status and times from DescribeWorkflowExecution, stages from the workflow's
 * progress query (reused for {@code pretrain.temporal.progress-cache-ttl}), live training numbers from the pending
 * activity's heartbeat, and the failure from the close event.
 */
@ApplicationScoped
public class RunInspector {

  static final String MEMO_NAME = "specName";
  static final String MEMO_DATASET = "dataset";

  private static final Pattern RUN_ID = Pattern.compile("run-[a-z0-9-]{1,40}-[0-9a-f]{8}");
  private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";

  /**
   * Temporal lists a poller for minutes after its worker has gone; a live one long-polls at least once a minute, so
   * only pollers seen this recently count.
   */
  private static final Duration LIVE_POLLER = Duration.ofSeconds(90);

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final TemporalConfig config;
  private final DataConverter converter;
  private final RunCounters counters;
  private final RecentProgress recentProgress;

  RunInspector(WorkflowServiceStubs stubs, WorkflowClient client, TemporalConfig config, RunCounters counters) {
    this.stubs = stubs;
    this.client = client;
    this.config = config;
    this.converter = client.getOptions().getDataConverter();
    this.counters = counters;
    this.recentProgress = new RecentProgress(config.progressCacheTtl(), System::nanoTime);
  }

  /** The run's current view; 404 when Temporal has no run with this id or it is another owner's. */
  public RunView view(String runId, Caller caller) {
    DescribeWorkflowExecutionResponse described = describe(runId, caller);
    var info = described.getWorkflowExecutionInfo();
    WorkflowExecutionStatus status = info.getStatus();
    counters.observed(runId, memo(info.getMemo().getFieldsMap().get(MEMO_DATASET)), status);

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
        memo(info.getMemo().getFieldsMap().get(MEMO_NAME)),
        memo(info.getMemo().getFieldsMap().get(RunService.MEMO_OWNER)),
        statusName(status),
        instant(info.getStartTime()),
        info.hasCloseTime() ? instant(info.getCloseTime()) : null,
        config.uiLink(runId),
        stages,
        progress == null ? null : progress.interruptedStage(),
        status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED ? failure(runId) : null,
        comparison,
        unavailable,
        baselines);
  }

  /**
   * DescribeWorkflowExecution for a run the caller may see; 404 (never 403, so ids of other owners' runs are not
   * confirmed) for another owner's run, as for ids that are not runs or that Temporal does not know.
   */
  public DescribeWorkflowExecutionResponse describe(String runId, Caller caller) {
    DescribeWorkflowExecutionResponse described = describe(runId);
    String owner = memo(described.getWorkflowExecutionInfo().getMemo().getFieldsMap().get(RunService.MEMO_OWNER));
    if (!caller.sees(owner)) {
      throw ProblemException.runNotFound(runId);
    }
    return described;
  }

  private DescribeWorkflowExecutionResponse describe(String runId) {
    if (!RUN_ID.matcher(runId).matches()) {
      throw ProblemException.runNotFound(runId);
    }
    try {
      return stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
          .setNamespace(config.namespace())
          .setExecution(WorkflowExecution.newBuilder().setWorkflowId(runId))
          .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw ProblemException.runNotFound(runId);
      }
      throw e;
    }
  }

  static String statusName(WorkflowExecutionStatus status) {
    return status.name().replace(STATUS_PREFIX, "");
  }

  private PipelineProgress queryProgress(String runId) {
    QueryWorkflowResponse response = stubs.blockingStub()
        .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .queryWorkflow(QueryWorkflowRequest.newBuilder()
            .setNamespace(config.namespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(runId))
            .setQuery(WorkflowQuery.newBuilder().setQueryType("progress"))
            .build());
    return converter.fromPayloads(0, Optional.of(response.getQueryResult()), PipelineProgress.class,
        PipelineProgress.class);
  }

  /** A completed run's stages come from its result, so they show even when no worker is left to answer queries. */
  private PipelineProgress resultProgress(String runId) {
    try {
      PipelineResult result = stub(runId).getResult(
          config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS, PipelineResult.class);
      return new PipelineProgress(result.runId(), result.stages(), null, result.baselines());
    } catch (TimeoutException e) {
      throw Status.DEADLINE_EXCEEDED.withDescription("reading the result of " + runId).asRuntimeException();
    }
  }

  private String whyNoProgress(StatusRuntimeException queryError) {
    try {
      boolean polled = stubs.blockingStub()
          .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
              .setNamespace(config.namespace())
              .setTaskQueue(TaskQueue.newBuilder().setName(TaskQueues.CPU))
              .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
              .build())
          .getPollersList().stream()
          .anyMatch(poller -> instant(poller.getLastAccessTime()).isAfter(Instant.now().minus(LIVE_POLLER)));
      if (!polled) {
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
      return converter.fromPayloads(0, Optional.of(match.getHeartbeatDetails()), TrainingProgress.class,
          TrainingProgress.class);
    } catch (DataConverterException notTraining) {
      return null;
    }
  }

  /** The root cause's own message, as the failing activity wrote it. */
  private String failure(String runId) {
    try {
      stub(runId).getResult(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS, Object.class);
      return null;
    } catch (WorkflowFailedException e) {
      String message = e.getMessage();
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        message = t instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : t.getMessage();
      }
      return message;
    } catch (TimeoutException e) {
      return "the failure could not be read within " + config.rpcTimeout().toMillis() + " ms";
    }
  }

  private WorkflowStub stub(String runId) {
    return client.newUntypedWorkflowStub(runId, Optional.empty(), Optional.of(PipelineWorkflow.class.getSimpleName()));
  }

  /**
   * A memo value; null when absent or unreadable (encrypted with a key this API does not have), so one such run does
   * not break a whole list.
   */
  String memo(Payload payload) {
    if (payload == null) {
      return null;
    }
    try {
      return converter.fromPayload(payload, String.class, String.class);
    } catch (DataConverterException e) {
      return null;
    }
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
