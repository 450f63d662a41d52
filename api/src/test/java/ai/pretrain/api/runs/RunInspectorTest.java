package ai.pretrain.api.runs;

import static ai.pretrain.api.InProcessStages.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.pretrain.api.InProcessStages;
import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.temporal.RunMemo;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.PipelineWorkflowImpl;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.StageState;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.pipeline.TrainingProgress;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SpecParser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The parts of a run's view that need a worker (live heartbeat, failure message, comparison table), checked against
 * the in-process test server with the real pipeline workflow and fake activities.
 */
class RunInspectorTest {

  private static final PipelineSpec SPEC = new SpecParser().parse("name: fake\ndataset:\n  name: mnist\n");
  private static final TrainingProgress HEARTBEAT = new TrainingProgress(
      3, 10, 420, 0.125, 812.5, new ArtifactRef("file:///ckpt/2", "0".repeat(64), 1, "checkpoint"), 2);

  private TestWorkflowEnvironment env;
  private Worker cpu;
  private Worker gpu;
  private RunInspector inspector;

  @BeforeEach
  void startServer() {
    env = TestWorkflowEnvironment.newInstance();
    cpu = env.newWorker(TaskQueues.CPU);
    gpu = env.newWorker(TaskQueues.GPU);
    cpu.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
    cpu.registerActivitiesImplementations(new InProcessStages.FakeDataPrep(), new FakeEvaluation());
    InProcessStages.Config config = new InProcessStages.Config();
    inspector = new RunInspector(new WorkflowGateway(env.getWorkflowServiceStubs(), env.getWorkflowClient(), config),
        config, new RunCounters(new SimpleMeterRegistry()));
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  @Test
  void runningTrainingStageShowsItsLastHeartbeat() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    gpu.registerActivitiesImplementations(new FakeTraining(release, null));
    env.start();
    String runId = start("run-fake-0000000a");

    RunView view = awaitLive(runId);
    StageView pretrain = view.stages().get(1);
    assertEquals("RUNNING", view.status());
    assertEquals("fake", view.name());
    assertEquals(StageState.RUNNING, pretrain.state());
    assertEquals(HEARTBEAT, pretrain.live());
    assertNull(view.stages().get(0).live());
    assertEquals(List.of(), view.comparison());
    release.countDown();
  }

  @Test
  void completedRunHasItsComparisonTable() {
    gpu.registerActivitiesImplementations(new FakeTraining(new CountDownLatch(0), null));
    env.start();
    String runId = start("run-fake-0000000b");
    env.getWorkflowClient().newUntypedWorkflowStub(runId).getResult(Object.class);

    RunView view = inspector.view(runId, Caller.ANONYMOUS);
    assertEquals("COMPLETED", view.status());
    assertNotNull(view.closedAt());
    assertNull(view.failure());
    assertEquals(List.of("pretrained", "scratch"), view.comparison().stream().map(ComparisonRow::model).toList());
    ComparisonRow scratch = view.comparison().get(1);
    assertEquals(List.of(0.71, 0.7, 0.69, 0.695),
        List.of(scratch.accuracy(), scratch.precision(), scratch.recall(), scratch.f1()));
    assertEquals(Map.of("accuracy", 0.71, "precision", 0.7, "recall", 0.69, "f1", 0.695), scratch.scores());
    assertNull(scratch.r2());
  }

  @Test
  void failedRunSaysWhatTheActivitySaid() {
    String why = "pretrain.epochs: the loss became NaN at epoch 2; lower pretrain.learningRate";
    gpu.registerActivitiesImplementations(new FakeTraining(new CountDownLatch(0), why));
    env.start();
    String runId = start("run-fake-0000000c");

    RunView view = awaitStatus(runId, "FAILED");
    assertEquals(why, view.failure());
    assertEquals(StageState.FAILED, view.stages().get(1).state());
    assertEquals(why, view.stages().get(1).message());
  }

  private String start(String runId) {
    PipelineWorkflow workflow = env.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(runId)
            .setTaskQueue(TaskQueues.CPU)
            .setMemo(Map.of(RunMemo.SPEC_NAME, "fake"))
            .build());
    WorkflowClient.start(workflow::run, SPEC);
    return runId;
  }

  private RunView awaitLive(String runId) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      RunView view = inspector.view(runId, Caller.ANONYMOUS);
      if (view.stages().size() > 1 && view.stages().get(1).live() != null) {
        return view;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no heartbeat showed in " + inspector.view(runId, Caller.ANONYMOUS));
  }

  private RunView awaitStatus(String runId, String status) {
    env.getWorkflowClient().newUntypedWorkflowStub(runId).getResultAsync(Object.class).exceptionally(e -> null).join();
    RunView view = inspector.view(runId, Caller.ANONYMOUS);
    assertEquals(status, view.status());
    return view;
  }

  private static final class FakeTraining implements TrainingActivities {
    private final CountDownLatch release;
    private final String failure;

    FakeTraining(CountDownLatch release, String failure) {
      this.release = release;
      this.failure = failure;
    }

    @Override
    public StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data) {
      if (failure != null) {
        throw ApplicationFailure.newNonRetryableFailure(failure, "TrainingDiverged");
      }
      Activity.getExecutionContext().heartbeat(HEARTBEAT);
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return result("pretrain", Map.of("loss", 0.1));
    }

    @Override
    public StageResult adapt(
        RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data, StageResult pretrained) {
      return result("adapt", Map.of());
    }

    @Override
    public StageResult fineTune(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        PreparedData data, StageResult adapted) {
      return result("fineTune", Map.of());
    }

    @Override
    public StageResult fineTuneRung(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        int untilEpoch, PreparedData data, StageResult start) {
      throw new UnsupportedOperationException("these runs have no sweep");
    }
  }

  private static final class FakeEvaluation implements EvaluationActivities {
    @Override
    public StageResult evaluate(RunContext run, EncoderSpec architecture, AdaptSpec adapt, PreparedData data,
        Map<String, StageResult> models, List<String> extraMetrics) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("pretrained.accuracy", 0.91);
      metrics.put("pretrained.precision", 0.9);
      metrics.put("pretrained.recall", 0.89);
      metrics.put("pretrained.f1", 0.895);
      metrics.put("scratch.accuracy", 0.71);
      metrics.put("scratch.precision", 0.7);
      metrics.put("scratch.recall", 0.69);
      metrics.put("scratch.f1", 0.695);
      return result("evaluate", metrics);
    }
  }
}
