package ai.pretrain.api.runs;

import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.spec.InvalidSpecException;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/** Starts and cancels pipeline runs; a spec that does not validate never reaches Temporal. */
@ApplicationScoped
public class RunService {

  private final SpecParser parser = new SpecParser();
  private final WorkflowClient client;
  private final RunInspector inspector;
  private final RunSearchAttributes searchAttributes;
  private final Counter submitted;
  private final Counter rejected;
  private final Timer startLatency;

  RunService(WorkflowClient client, RunInspector inspector, RunSearchAttributes searchAttributes,
      MeterRegistry registry) {
    this.client = client;
    this.inspector = inspector;
    this.searchAttributes = searchAttributes;
    this.submitted = Counter.builder("pretrain.runs.submitted").description("Runs started").register(registry);
    this.rejected =
        Counter.builder("pretrain.runs.rejected").description("Specs refused as invalid").register(registry);
    this.startLatency = Timer.builder("pretrain.runs.start").description("Time to start a run's workflow")
        .register(registry);
  }

  /** Validates the spec and starts its workflow on the CPU queue; returns the new run's id. */
  public String submit(String specText) {
    PipelineSpec spec;
    try {
      spec = parser.parse(specText);
    } catch (InvalidSpecException e) {
      rejected.increment();
      throw e;
    }
    String runId = "run-" + spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
    PipelineWorkflow workflow = client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(runId)
        .setTaskQueue(TaskQueues.CPU)
        .setMemo(Map.of(RunInspector.MEMO_NAME, spec.name(), RunInspector.MEMO_DATASET, spec.dataset().name()))
        .setTypedSearchAttributes(searchAttributes.of(spec))
        .build());
    startLatency.record(() -> start(workflow, spec));
    submitted.increment();
    return runId;
  }

  /** Asks Temporal to cancel a running run; 404 when unknown, 409 when it has already closed. */
  public void cancel(String runId) {
    WorkflowExecutionStatus status = inspector.describe(runId).getWorkflowExecutionInfo().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw ProblemException.runClosed(runId, RunInspector.statusName(status));
    }
    try {
      client.newUntypedWorkflowStub(runId).cancel();
    } catch (WorkflowNotFoundException e) {
      // Closed between the describe and the cancel.
      throw ProblemException.runClosed(runId, "closed");
    }
  }

  private static void start(PipelineWorkflow workflow, PipelineSpec spec) {
    try {
      WorkflowClient.start(workflow::run, spec);
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException grpc) {
        throw grpc;
      }
      throw e;
    }
  }
}
