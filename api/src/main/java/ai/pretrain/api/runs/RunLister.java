package ai.pretrain.api.runs;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.auth.Role;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.temporal.RunMemo;
import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.spec.Violation;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Lists runs from Temporal visibility, newest first, a page at a time; non-admins see their own runs only. */
@ApplicationScoped
public class RunLister {

  private final WorkflowServiceStubs stubs;
  private final TemporalConfig config;
  private final WorkflowGateway temporal;
  private final RunSearchAttributes searchAttributes;

  RunLister(WorkflowServiceStubs stubs, TemporalConfig config, WorkflowGateway temporal,
      RunSearchAttributes searchAttributes) {
    this.stubs = stubs;
    this.config = config;
    this.temporal = temporal;
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
    Memo memo = info.getMemo();
    return new RunSummary(
        runId,
        temporal.memo(memo, RunMemo.SPEC_NAME),
        temporal.memo(memo, RunMemo.DATASET),
        temporal.memo(memo, RunMemo.OWNER),
        WorkflowGateway.statusName(info.getStatus()),
        info.hasStartTime() ? WorkflowGateway.instant(info.getStartTime()) : null,
        info.hasCloseTime() ? WorkflowGateway.instant(info.getCloseTime()) : null,
        config.uiLink(runId),
        "/api/v1/runs/" + runId);
  }
}
