package ai.pretrain.api;

import ai.pretrain.pipeline.PipelineProgress;
import ai.pretrain.pipeline.PipelineResult;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finished runs without training: a stand-in {@code PipelineWorkflow} on a task queue of its own (in this JVM, on the
 * real dev server) that completes at once with the stages a test gives it. What it stands in for is only the worker's
 * stages; Temporal, its visibility, the memo and the result the API reads are the real ones.
 */
public final class FinishedRuns implements AutoCloseable {

  /** Results by workflow id, handed from the test to the stand-in workflow in the same JVM. */
  static final Map<String, PipelineResult> RESULTS = new ConcurrentHashMap<>();

  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final String taskQueue = "api-test-" + UUID.randomUUID();

  public FinishedRuns(WorkflowClient client) {
    this.client = client;
    this.factory = WorkerFactory.newInstance(client);
    factory.newWorker(taskQueue).registerWorkflowImplementationTypes(StandInPipeline.class);
    factory.start();
  }

  /** A new run id for a pipeline name, in the API's form. */
  public static String runId(String name) {
    return "run-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Starts the run under {@code owner} and waits until it has completed with these stages. */
  public void complete(String runId, String name, String owner, List<StageProgress> stages) {
    completeWithSpec(runId, owner, "name: " + name + "\ndataset:\n  name: mnist\n", stages);
  }

  /** Starts the run of this spec under {@code owner} and waits until it has completed with these stages. */
  public void completeWithSpec(String runId, String owner, String specYaml, List<StageProgress> stages) {
    RESULTS.put(runId, new PipelineResult(runId, stages, null));
    PipelineSpec spec = new SpecParser().parse(specYaml);
    String name = spec.name();
    PipelineWorkflow workflow = client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(runId)
        .setTaskQueue(taskQueue)
        .setMemo(Map.of("specName", name, "dataset", "mnist", "owner", owner))
        .build());
    WorkflowClient.start(workflow::run, spec);
    WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class);
  }

  @Override
  public void close() {
    factory.shutdownNow();
  }

  /** Completes at once with the result the test registered for its id. */
  public static class StandInPipeline implements PipelineWorkflow {

    @Override
    public PipelineResult run(PipelineSpec spec) {
      return RESULTS.get(Workflow.getInfo().getWorkflowId());
    }

    @Override
    public PipelineProgress progress() {
      PipelineResult result = RESULTS.get(Workflow.getInfo().getWorkflowId());
      return new PipelineProgress(result.runId(), result.stages(), null);
    }
  }
}
