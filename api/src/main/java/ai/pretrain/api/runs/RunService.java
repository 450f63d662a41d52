package ai.pretrain.api.runs;

import ai.pretrain.artifact.Sha256;
import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.temporal.RunMemo;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.Violation;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Starts and cancels pipeline runs; a spec that does not validate never reaches Temporal. With an
 * {@code Idempotency-Key} the run id is derived from the caller, the pipeline name and the key, and Temporal's
 * workflow-id uniqueness makes a retried POST find the run it already started instead of starting a second one.
 */
@ApplicationScoped
public class RunService {

  /** Printable ASCII, as RFC 9110 field values and the IETF idempotency-key draft expect. */
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final WorkflowClient client;
  private final RunInspector inspector;
  private final WorkflowGateway temporal;
  private final RunSearchAttributes searchAttributes;
  private final RunCounters counters;
  private final Timer startLatency;
  private final SpecIntake intake;

  RunService(WorkflowClient client, RunInspector inspector, WorkflowGateway temporal,
      RunSearchAttributes searchAttributes, RunCounters counters, MeterRegistry registry, SpecIntake intake) {
    this.intake = intake;
    this.client = client;
    this.inspector = inspector;
    this.temporal = temporal;
    this.searchAttributes = searchAttributes;
    this.counters = counters;
    this.startLatency = Timer.builder("pretrain.runs.start").description("Time to start a run's workflow")
        .register(registry);
  }

  /**
   * Validates the spec and starts its workflow on the CPU queue. With an idempotency key, a run already started
   * under it from the same spec is returned as a replay; one from a different spec is a 409.
   */
  public Submission submit(String specText, Optional<String> idempotencyKey, Caller caller) {
    idempotencyKey.ifPresent(RunService::checkIdempotencyKey);
    return start(intake.admit(specText), idempotencyKey, caller, Map.of());
  }

  /**
   * Starts a new run of a closed run's spec: stages the earlier run completed are answered by the stage cache, so
   * work resumes at the stage that failed or was cancelled. 409 while the run is running or when it completed.
   */
  public Submission retry(String runId, Caller caller) {
    WorkflowExecutionStatus status = inspector.describe(runId, caller).getWorkflowExecutionInfo().getStatus();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      throw ProblemException.notRetryable(runId, WorkflowGateway.statusName(status));
    }
    PipelineSpec spec = temporal.firstInput(runId, PipelineSpec.class);
    return start(spec, Optional.empty(), caller, Map.of(RunMemo.RETRY_OF, runId));
  }

  private Submission start(PipelineSpec spec, Optional<String> idempotencyKey, Caller caller,
      Map<String, Object> extraMemo) {
    String specSha256 = SpecDigest.of(spec);
    String suffix = idempotencyKey
        .map(key -> Sha256.of(caller.owner() + "\n" + key).substring(0, 8))
        .orElseGet(() -> UUID.randomUUID().toString().substring(0, 8));
    String runId = "run-" + spec.name() + "-" + suffix;
    PipelineWorkflow workflow = client.newWorkflowStub(PipelineWorkflow.class, options(runId, spec, caller, extraMemo)
        // Never a second run under an id, running or closed: that is what makes a retried POST safe.
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .build());
    try {
      startLatency.record(() -> start(workflow, spec));
    } catch (WorkflowExecutionAlreadyStarted e) {
      return replay(runId, specSha256, caller);
    }
    counters.started(spec.dataset().hasUri() ? spec.dataset().uri() : spec.dataset().name());
    return new Submission(runId, "RUNNING", false);
  }

  /**
   * How a run of {@code spec} is started, on the CPU queue with the memo (spec name, dataset, owner, spec digest) and
   * search attributes every run carries; a schedule starts its runs with the same.
   */
  public WorkflowOptions.Builder options(String runId, PipelineSpec spec, Caller caller,
      Map<String, Object> extraMemo) {
    String dataset = spec.dataset().hasUri() ? spec.dataset().uri() : spec.dataset().name();
    Map<String, Object> memo = new HashMap<>(Map.of(
        RunMemo.SPEC_NAME, spec.name(),
        RunMemo.DATASET, dataset,
        RunMemo.OWNER, caller.owner(),
        RunMemo.SPEC_SHA256, SpecDigest.of(spec)));
    memo.putAll(extraMemo);
    return WorkflowOptions.newBuilder()
        .setWorkflowId(runId)
        .setTaskQueue(TaskQueues.CPU)
        .setMemo(memo)
        .setTypedSearchAttributes(searchAttributes.of(spec, caller.owner()));
  }

  /** Asks Temporal to cancel a running run; 404 when unknown or another owner's, 409 when it has already closed. */
  public void cancel(String runId, Caller caller) {
    WorkflowExecutionStatus status = inspector.describe(runId, caller).getWorkflowExecutionInfo().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw ProblemException.runClosed(runId, WorkflowGateway.statusName(status));
    }
    try {
      client.newUntypedWorkflowStub(runId).cancel();
    } catch (WorkflowNotFoundException e) {
      // Closed between the describe and the cancel.
      throw ProblemException.runClosed(runId, "closed");
    }
  }

  private Submission replay(String runId, String specSha256, Caller caller) {
    // The id embeds the caller's owner name, so this run is the caller's own unless ids collide (32 bits).
    DescribeWorkflowExecutionResponse described = inspector.describe(runId, caller);
    String earlier = temporal.memo(described.getWorkflowExecutionInfo().getMemo(), RunMemo.SPEC_SHA256);
    if (!specSha256.equals(earlier)) {
      throw ProblemException.idempotencyConflict(runId);
    }
    return new Submission(runId, WorkflowGateway.statusName(described.getWorkflowExecutionInfo().getStatus()), true);
  }

  private static void checkIdempotencyKey(String key) {
    if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw ProblemException.invalidRequest(List.of(new Violation("Idempotency-Key",
          "must be 1 to 255 printable ASCII characters without spaces")));
    }
  }

  private static void start(PipelineWorkflow workflow, PipelineSpec spec) {
    try {
      WorkflowClient.start(workflow::run, spec);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw e;
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException grpc) {
        throw grpc;
      }
      throw e;
    }
  }
}
