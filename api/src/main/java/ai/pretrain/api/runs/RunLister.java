package ai.pretrain.api.runs;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.auth.Role;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.spec.Violation;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Lists runs from Temporal visibility, newest first, a page at a time; non-admins see their own runs only. */
@ApplicationScoped
public class RunLister {

  private final WorkflowServiceStubs stubs;
  private final TemporalConfig config;
  private final RunInspector inspector;
  private final RunSearchAttributes searchAttributes;

  RunLister(WorkflowServiceStubs stubs, TemporalConfig config, RunInspector inspector,
      RunSearchAttributes searchAttributes) {
    this.stubs = stubs;
    this.config = config;
    this.inspector = inspector;
    this.searchAttributes = searchAttributes;
  }

  public RunPage list(RunFilter filter, Caller caller) {
    // A non-admin's own name replaces any owner filter they sent: they can only ever list their own runs.
    RunFilter effective = caller.role() == Role.ADMIN ? filter : filter.ownedBy(caller.owner());
    if (effective.owner().isPresent() && !searchAttributes.registered(RunSearchAttributes.OWNER)) {
      throw ProblemException.searchAttributeMissing(RunSearchAttributes.OWNER.getName());
    }
    if (effective.name().isPresent() && !searchAttributes.registered(RunSearchAttributes.PIPELINE_NAME)) {
      throw ProblemException.searchAttributeMissing(RunSearchAttributes.PIPELINE_NAME.getName());
    }
    ListWorkflowExecutionsResponse response;
    try {
      response = stubs.blockingStub()
          .withDeadlineAfter(config.rpcTimeout().toMillis() * 5, TimeUnit.MILLISECONDS)
          .listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
              .setNamespace(config.namespace())
              .setQuery(effective.visibilityQuery())
              .setPageSize(effective.pageSize())
              .setNextPageToken(ByteString.copyFrom(effective.pageToken()))
              .build());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      // The token is opaque to us; the dev server answers a forged one with INTERNAL, not INVALID_ARGUMENT.
      if (effective.pageToken().length > 0 && code != Status.Code.UNAVAILABLE
          && code != Status.Code.DEADLINE_EXCEEDED) {
        throw ProblemException.invalidRequest(List.of(new Violation("pageToken",
            "is not a token from a previous page's nextPageToken (Temporal answered " + code + ")")));
      }
      throw e;
    }
    List<RunSummary> runs = response.getExecutionsList().stream().map(this::summary).toList();
    String next = response.getNextPageToken().isEmpty() ? null
        : Base64.getUrlEncoder().withoutPadding().encodeToString(response.getNextPageToken().toByteArray());
    return new RunPage(runs, next);
  }

  private RunSummary summary(WorkflowExecutionInfo info) {
    String runId = info.getExecution().getWorkflowId();
    Map<String, Payload> memo = info.getMemo().getFieldsMap();
    return new RunSummary(
        runId,
        inspector.memo(memo.get(RunInspector.MEMO_NAME)),
        inspector.memo(memo.get(RunInspector.MEMO_DATASET)),
        inspector.memo(memo.get(RunService.MEMO_OWNER)),
        RunInspector.statusName(info.getStatus()),
        info.hasStartTime() ? instant(info.getStartTime()) : null,
        info.hasCloseTime() ? instant(info.getCloseTime()) : null,
        config.uiLink(runId),
        "/api/v1/runs/" + runId);
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
