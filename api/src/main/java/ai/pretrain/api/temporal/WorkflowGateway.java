package ai.pretrain.api.temporal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.TemporalFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API's one way of reading workflow executions (runs, sweeps, trials) from Temporal: describe, status names,
 * the input a workflow started with, its history, queries and results, and memo values and payloads decoded with the
 * API's data converter (so encrypted ones are decrypted where a codec key is configured).
 */
@ApplicationScoped
public class WorkflowGateway {

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

  public WorkflowGateway(WorkflowServiceStubs stubs, WorkflowClient client, TemporalConfig config) {
    this.stubs = stubs;
    this.client = client;
    this.config = config;
    this.converter = client.getOptions().getDataConverter();
  }

  /** DescribeWorkflowExecution of the latest execution under this id; empty when Temporal does not know the id. */
  public Optional<DescribeWorkflowExecutionResponse> describe(String workflowId) {
    try {
      return Optional.of(stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
          .setNamespace(config.namespace())
          .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
          .build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The status as the API shows it: {@code RUNNING}, {@code COMPLETED}, {@code FAILED}, ... */
  public static String statusName(WorkflowExecutionStatus status) {
    return status.name().replace(STATUS_PREFIX, "");
  }

  /** The input the latest run of a workflow started with: one page of one event, whatever the history's length. */
  public <T> T firstInput(String workflowId, Class<T> type) {
    Payloads input = stubs.blockingStub()
        .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
            .setNamespace(config.namespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .setMaximumPageSize(1)
            .build())
        .getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput();
    return decode(input, type);
  }

  /** Every event of one execution ({@code temporalRunId}), or of the latest one when it is null. */
  public List<HistoryEvent> history(String workflowId, String temporalRunId) {
    List<HistoryEvent> events = new ArrayList<>();
    WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId);
    if (temporalRunId != null) {
      execution.setRunId(temporalRunId);
    }
    ByteString token = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse page = stubs.blockingStub().getWorkflowExecutionHistory(
          GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(config.namespace())
              .setExecution(execution)
              .setNextPageToken(token)
              .build());
      events.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return events;
  }

  /** Workflow id to Temporal run id of every execution that started at or after {@code since}. */
  public Map<String, String> startedSince(Instant since) {
    Map<String, String> executions = new LinkedHashMap<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListWorkflowExecutionsResponse page = stubs.blockingStub().listWorkflowExecutions(
          ListWorkflowExecutionsRequest.newBuilder()
              .setNamespace(config.namespace())
              .setQuery("StartTime >= '" + since + "'")
              .setPageSize(1000)
              .setNextPageToken(token)
              .build());
      for (WorkflowExecutionInfo info : page.getExecutionsList()) {
        executions.putIfAbsent(info.getExecution().getWorkflowId(), info.getExecution().getRunId());
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return executions;
  }

  /** A query's answer, waiting at most {@code pretrain.temporal.rpc-timeout} for a worker to give it. */
  public <T> T query(String workflowId, String queryType, Class<T> type) {
    Payloads answer = stubs.blockingStub()
        .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .queryWorkflow(QueryWorkflowRequest.newBuilder()
            .setNamespace(config.namespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .setQuery(WorkflowQuery.newBuilder().setQueryType(queryType))
            .build())
        .getQueryResult();
    return decode(answer, type);
  }

  /** A completed workflow's result; no worker is needed to read it. */
  public <T> T result(String workflowId, Class<T> type) {
    try {
      return client.newUntypedWorkflowStub(workflowId)
          .getResult(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS, type);
    } catch (TimeoutException e) {
      throw Status.DEADLINE_EXCEEDED.withDescription("reading the result of " + workflowId).asRuntimeException();
    }
  }

  /** A failed workflow's root cause, in the failing activity's own words; null when it did not fail. */
  public String failure(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId)
          .getResult(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS, Object.class);
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

  /** Whether a worker has polled the task queue for workflow tasks within the last 90 seconds. */
  public boolean polled(String taskQueue) {
    Instant since = Instant.now().minus(LIVE_POLLER);
    return stubs.blockingStub()
        .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
            .setNamespace(config.namespace())
            .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
            .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
            .build())
        .getPollersList().stream()
        .anyMatch(poller -> instant(poller.getLastAccessTime()).isAfter(since));
  }

  /** The first payload decoded as {@code type}; throws {@link DataConverterException} when it is not one. */
  public <T> T decode(Payloads payloads, Class<T> type) {
    return converter.fromPayloads(0, Optional.of(payloads), type, type);
  }

  /**
   * A memo value; null when absent or unreadable (encrypted with a key this API does not have), so one such run does
   * not break a whole list.
   */
  public String memo(Memo memo, String field) {
    Payload payload = memo.getFieldsMap().get(field);
    if (payload == null) {
      return null;
    }
    try {
      return converter.fromPayload(payload, String.class, String.class);
    } catch (DataConverterException e) {
      return null;
    }
  }

  /** A protobuf time as an instant, nanoseconds kept. */
  public static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
