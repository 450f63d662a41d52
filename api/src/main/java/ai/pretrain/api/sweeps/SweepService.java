package ai.pretrain.api.sweeps;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.runs.RunInspector;
import ai.pretrain.api.temporal.RunMemo;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.pipeline.PipelineProgress;
import ai.pretrain.pipeline.PipelineResult;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.StageState;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.spec.InvalidSpecException;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.spec.Violation;
import ai.pretrain.sweep.SweepRequest;
import ai.pretrain.sweep.SweepWorkflow;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Starts a sweep on its own, over the fine-tune of a run's adapted model, and stops its trials or cancels it. The
 * sweep's spec must describe the same architecture and adaptation as the run, since it trains that run's model.
 */
@ApplicationScoped
public class SweepService {


  private final SpecParser parser = new SpecParser();
  private final WorkflowClient client;
  private final SweepInspector inspector;
  private final RunInspector runs;
  private final WorkflowGateway temporal;

  SweepService(WorkflowClient client, SweepInspector inspector, RunInspector runs, WorkflowGateway temporal) {
    this.client = client;
    this.inspector = inspector;
    this.runs = runs;
    this.temporal = temporal;
  }

  /**
   * Validates the spec, reads the source run's data and adapted model, and starts the sweep under the caller's name;
   * returns its id. Another owner's run is as unknown as a run that does not exist.
   */
  public String start(String specText, String fromRun, Caller caller) {
    PipelineSpec spec = parser.parse(specText);
    if (!spec.hasSweep()) {
      throw new InvalidSpecException(List.of(new Violation("sweep",
          "is required to start a sweep: the search space, method and scheduler")));
    }
    if (fromRun == null || fromRun.isBlank()) {
      throw SweepProblem.sourceRunRequired();
    }
    WorkflowExecutionStatus runStatus = runs.describe(fromRun, caller).getWorkflowExecutionInfo().getStatus();
    PipelineSpec runSpec = temporal.firstInput(fromRun, PipelineSpec.class);
    List<Violation> differences = new ArrayList<>();
    if (!spec.pretrain().equals(runSpec.pretrain())) {
      differences.add(new Violation("pretrain", "differs from run " + fromRun + "'s pretrain section; the sweep "
          + "fine-tunes that run's model, so copy the run's section"));
    }
    if (!spec.adapt().equals(runSpec.adapt())) {
      differences.add(new Violation("adapt", "differs from run " + fromRun + "'s adapt section; the sweep "
          + "fine-tunes that run's model, so copy the run's section"));
    }
    if (!differences.isEmpty()) {
      throw new InvalidSpecException(differences);
    }
    List<StageProgress> stages = stagesOf(fromRun, runStatus);
    PreparedData data = PreparedData.of(completed(fromRun, stages, Stages.PREPARE_DATA));
    StageResult pretrained = completed(fromRun, stages, Stages.PRETRAIN);
    StageResult adapted = completed(fromRun, stages, Stages.ADAPT);

    String sweepId = "sweep-" + spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
    SweepWorkflow workflow = client.newWorkflowStub(SweepWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(sweepId)
        .setTaskQueue(TaskQueues.CPU)
        .setMemo(Map.of(RunMemo.SPEC_NAME, spec.name(), RunMemo.FROM_RUN, fromRun, RunMemo.OWNER, caller.owner()))
        .build());
    SweepRequest request = new SweepRequest(new RunContext(sweepId, spec.name(), spec.seed()), spec.sweep(),
        runSpec.pretrain(), runSpec.adapt(), spec.fineTune(), data, pretrained, adapted);
    try {
      WorkflowClient.start(workflow::run, request);
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException grpc) {
        throw grpc;
      }
      throw e;
    }
    return sweepId;
  }

  /** Asks a running sweep to stop one trial now. */
  public void stopTrial(String sweepId, int trial, Caller caller) {
    requireRunning(sweepId, caller);
    if (trial < 0) {
      throw SweepProblem.trialNotFound(sweepId, trial);
    }
    client.newWorkflowStub(SweepWorkflow.class, sweepId).stopTrial(trial);
  }

  /** Cancels a running sweep and with it every trial in flight. */
  public void cancel(String sweepId, Caller caller) {
    requireRunning(sweepId, caller);
    try {
      client.newUntypedWorkflowStub(sweepId).cancel();
    } catch (WorkflowNotFoundException e) {
      throw SweepProblem.sweepClosed(sweepId, "closed");
    }
  }

  private void requireRunning(String sweepId, Caller caller) {
    WorkflowExecutionStatus status = inspector.describe(sweepId, caller).getWorkflowExecutionInfo().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw SweepProblem.sweepClosed(sweepId, WorkflowGateway.statusName(status));
    }
  }

  /** A completed run's stages from its result; a running one's from its progress query. */
  private List<StageProgress> stagesOf(String runId, WorkflowExecutionStatus status) {
    try {
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        return client.newUntypedWorkflowStub(runId).getResult(10, TimeUnit.SECONDS, PipelineResult.class).stages();
      }
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        PipelineProgress progress = client.newWorkflowStub(PipelineWorkflow.class, runId).progress();
        return progress.stages();
      }
    } catch (java.util.concurrent.TimeoutException | WorkflowException e) {
      throw SweepProblem.runNotReady(runId, "its stages could not be read (" + e.getMessage() + ")");
    }
    throw SweepProblem.runNotReady(runId, "it is " + WorkflowGateway.statusName(status));
  }

  private static StageResult completed(String runId, List<StageProgress> stages, String name) {
    StageProgress stage = stages.stream().filter(s -> s.stage().equals(name)).findFirst()
        .filter(s -> s.state() == StageState.COMPLETED)
        .orElseThrow(() -> SweepProblem.runNotReady(runId, "its " + name + " stage has not completed"));
    return new StageResult(stage.stage(), stage.artifacts(), stage.metrics(), stage.cacheHit(), stage.cacheKey());
  }
}
