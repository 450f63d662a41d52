package ai.pretrain.api.sweeps;

import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.sweep.ResultsTable;
import ai.pretrain.sweep.SweepRequest;
import ai.pretrain.sweep.SweepResult;
import ai.pretrain.sweep.Trial;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final TemporalConfig config;
  private final DataConverter converter;

  SweepInspector(WorkflowServiceStubs stubs, WorkflowClient client, TemporalConfig config) {
    this.stubs = stubs;
    this.client = client;
    this.config = config;
    this.converter = client.getOptions().getDataConverter();
  }

  public SweepView view(String sweepId) {
    var info = describe(sweepId).getWorkflowExecutionInfo();
    WorkflowExecutionStatus status = info.getStatus();
    SweepRequest request = firstInput(sweepId, SweepRequest.class);
    String metric = request.sweep().metric();
    List<Trial> trials = List.of();
    SweepResult result = null;
    String unavailable = null;
    try {
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        result = result(sweepId);
        trials = result.trials();
      } else {
        trials = queryLeaderboard(sweepId);
      }
    } catch (StatusRuntimeException e) {
      unavailable = "the leaderboard query failed: " + e.getStatus().getCode() + " "
          + Optional.ofNullable(e.getStatus().getDescription()).orElse("");
    }
    Map<String, String> artifacts = new LinkedHashMap<>();
    if (result != null) {
      result.summary().artifacts().forEach((name, ref) -> artifacts.put(name, ref.uri()));
    }
    return new SweepView(sweepId, status.name().replace(STATUS_PREFIX, ""), instant(info.getStartTime()),
        info.hasCloseTime() ? instant(info.getCloseTime()) : null, config.uiLink(sweepId), metric,
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

  DescribeWorkflowExecutionResponse describe(String sweepId) {
    if (!SWEEP_ID.matcher(sweepId).matches()) {
      throw SweepProblem.sweepNotFound(sweepId);
    }
    try {
      DescribeWorkflowExecutionResponse described = stubs.blockingStub().describeWorkflowExecution(
          DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(config.namespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(sweepId))
              .build());
      if (!"SweepWorkflow".equals(described.getWorkflowExecutionInfo().getType().getName())) {
        throw SweepProblem.sweepNotFound(sweepId);
      }
      return described;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw SweepProblem.sweepNotFound(sweepId);
      }
      throw e;
    }
  }

  static String statusName(WorkflowExecutionStatus status) {
    return status.name().replace(STATUS_PREFIX, "");
  }

  /** The input the latest run of a workflow started with: one page of one event, whatever the history's length. */
  <T> T firstInput(String workflowId, Class<T> type) {
    Payloads input = stubs.blockingStub()
        .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
            .setNamespace(config.namespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .setMaximumPageSize(1)
            .build())
        .getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput();
    return converter.fromPayloads(0, Optional.of(input), type, type);
  }

  private List<Trial> queryLeaderboard(String sweepId) {
    var response = stubs.blockingStub()
        .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .queryWorkflow(QueryWorkflowRequest.newBuilder()
            .setNamespace(config.namespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(sweepId))
            .setQuery(WorkflowQuery.newBuilder().setQueryType("leaderboard"))
            .build());
    return Arrays.asList(converter.fromPayloads(0, Optional.of(response.getQueryResult()), Trial[].class,
        Trial[].class));
  }

  private SweepResult result(String sweepId) {
    try {
      return client.newUntypedWorkflowStub(sweepId)
          .getResult(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS, SweepResult.class);
    } catch (TimeoutException e) {
      throw Status.DEADLINE_EXCEEDED.withDescription("reading the result of " + sweepId).asRuntimeException();
    }
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
