package ai.pretrain.api.sweeps;

import static ai.pretrain.api.InProcessStages.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.InProcessStages;
import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.auth.Role;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.runs.RunCounters;
import ai.pretrain.api.runs.RunInspector;
import ai.pretrain.api.temporal.RunMemo;
import ai.pretrain.api.temporal.WorkflowGateway;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.PipelineWorkflowImpl;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.InvalidSpecException;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.spec.Violation;
import ai.pretrain.sweep.ResultsTable;
import ai.pretrain.sweep.SweepReportActivities;
import ai.pretrain.sweep.SweepWorkflowImpl;
import ai.pretrain.sweep.TrialWorkflowImpl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starting a sweep over a finished run's adapted model, its leaderboard while it runs and once it is done, and stopping
 * a trial, against the in-process test server with the real workflows and fake activities.
 */
class SweepServiceTest {

  private static final Caller ALICE = new Caller("alice", Role.SUBMITTER);

  private static final String RUN_ID = "run-fake-0000000a";
  private static final String SWEEP = """
      name: fake
      dataset: {name: mnist}
      sweep:
        method: grid
        scheduler: asha
        maxEpochs: 9
        parallelism: 1
        parameters:
          fineTune.learningRate: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
      """;

  private TestWorkflowEnvironment env;
  private SweepService service;
  private SweepInspector inspector;
  private final FakeTraining training = new FakeTraining();

  @BeforeEach
  void startServer() {
    env = TestWorkflowEnvironment.newInstance();
    var cpu = env.newWorker(TaskQueues.CPU);
    cpu.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class, SweepWorkflowImpl.class,
        TrialWorkflowImpl.class);
    cpu.registerActivitiesImplementations(new InProcessStages.FakeDataPrep(), new FakeEvaluation(), new FakeReports());
    env.newWorker(TaskQueues.GPU,
        WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(Duration.ofMillis(20)).build())
        .registerActivitiesImplementations(training);
    env.start();
    WorkflowGateway gateway =
        new WorkflowGateway(env.getWorkflowServiceStubs(), env.getWorkflowClient(), new InProcessStages.Config());
    inspector = new SweepInspector(gateway, new InProcessStages.Config());
    RunInspector runs =
        new RunInspector(gateway, new InProcessStages.Config(), new RunCounters(new SimpleMeterRegistry()));
    service = new SweepService(env.getWorkflowClient(), inspector, runs, gateway);
    PipelineWorkflow run = env.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(RUN_ID).setTaskQueue(TaskQueues.CPU)
            .setMemo(Map.of(RunMemo.OWNER, ALICE.owner())).build());
    run.run(new SpecParser().parse("name: fake\ndataset: {name: mnist}\n"));
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  @Test
  void sweepOverAFinishedRunRanksItsTrialsAndNamesTheBest() {
    String sweepId = service.start(SWEEP, RUN_ID, ALICE);
    env.getWorkflowClient().newUntypedWorkflowStub(sweepId).getResult(Object.class);

    SweepView view = inspector.view(sweepId, ALICE);

    assertTrue(sweepId.matches("sweep-fake-[0-9a-f]{8}"), sweepId);
    assertEquals("COMPLETED", view.status());
    assertEquals("validationAccuracy", view.metric());
    assertEquals(Map.of("learningRate", 0.9), view.bestParameters());
    LeaderboardRow best = view.leaderboard().get(0);
    assertEquals(1, best.rank());
    assertEquals(0, best.trial());
    assertEquals("COMPLETED", best.state());
    assertEquals(List.of(1, 3, 9), best.rungs().stream().map(r -> r.epochs()).toList());
    assertEquals(9, view.leaderboard().size());
    assertEquals("STOPPED", view.leaderboard().get(8).state());
    assertTrue(view.leaderboard().get(8).message().contains("top 1/3"), view.leaderboard().get(8).message());
    assertNotNull(view.leaderboard().get(8).model(), "a stopped trial keeps its model");
    assertEquals("file:///sweep/results.csv", view.artifacts().get("results-csv"));
    assertEquals(9 * 1 + 3 * 2 + 6, view.trialEpochs());
    assertTrue(training.startModels.contains("file:///tmp/adapt"), "trials start from the run's adapted model");
  }

  @Test
  void runningSweepAnswersTheLeaderboardAndStopsATrialOnRequest() throws InterruptedException {
    training.hold = new CountDownLatch(1);
    String sweepId = service.start(SWEEP.replace("[0.9, 0.8", "[0.95, 0.8"), RUN_ID, ALICE);
    assertTrue(training.hold.await(30, TimeUnit.SECONDS));

    SweepView running = inspector.view(sweepId, ALICE);
    assertEquals("RUNNING", running.status());
    assertEquals("RUNNING", running.leaderboard().get(0).state());
    assertEquals(null, running.leaderboard().get(0).rank());

    service.stopTrial(sweepId, 0, ALICE);
    env.getWorkflowClient().newUntypedWorkflowStub(sweepId).getResult(Object.class);
    SweepView done = inspector.view(sweepId, ALICE);
    LeaderboardRow stopped = done.leaderboard().stream().filter(r -> r.trial() == 0).findFirst().orElseThrow();
    assertEquals("STOPPED", stopped.state());
    assertTrue(stopped.message().contains("stopped by request"), stopped.message());
    assertEquals(Map.of("learningRate", 0.8), done.bestParameters());
    SweepProblem closed = assertThrows(SweepProblem.class, () -> service.stopTrial(sweepId, 1, ALICE));
    assertEquals(409, closed.problem().status());
  }

  @Test
  void anotherOwnersRunAndSweepAreNotFoundAndAnAdminSeesThem() {
    Caller bob = new Caller("bob", Role.SUBMITTER);
    ProblemException run = assertThrows(ProblemException.class, () -> service.start(SWEEP, RUN_ID, bob));
    assertEquals(404, run.problem().status());

    String sweepId = service.start(SWEEP, RUN_ID, ALICE);
    env.getWorkflowClient().newUntypedWorkflowStub(sweepId).getResult(Object.class);
    SweepProblem hidden = assertThrows(SweepProblem.class, () -> inspector.view(sweepId, bob));
    assertEquals(404, hidden.problem().status());
    assertEquals(404, assertThrows(SweepProblem.class, () -> service.cancel(sweepId, bob)).problem().status());
    assertEquals("COMPLETED", inspector.view(sweepId, new Caller("root", Role.ADMIN)).status());
    String child = RUN_ID + "-sweep";
    assertEquals(404, assertThrows(SweepProblem.class, () -> inspector.view(child, bob)).problem().status());
  }

  @Test
  void specWithoutASweepOrWithAnotherArchitectureIsRefusedByField() {
    InvalidSpecException noSweep = assertThrows(InvalidSpecException.class,
        () -> service.start("name: fake\ndataset: {name: mnist}\n", RUN_ID, ALICE));
    InvalidSpecException otherModel = assertThrows(InvalidSpecException.class,
        () -> service.start(SWEEP + "adapt: {headHiddenUnits: 32}\n", RUN_ID, ALICE));

    assertEquals(List.of("sweep"), noSweep.violations().stream().map(Violation::field).toList());
    assertEquals(List.of("adapt"), otherModel.violations().stream().map(Violation::field).toList());
  }

  @Test
  void unknownRunsAndSweepsAreNotFound() {
    assertEquals(400, assertThrows(SweepProblem.class, () -> service.start(SWEEP, null, ALICE)).problem().status());
    assertThrows(ProblemException.class, () -> service.start(SWEEP, "run-nope-0000000f", ALICE));
    assertEquals(404, assertThrows(SweepProblem.class, () -> inspector.view("sweep-nope-0000000f", ALICE)).problem()
        .status());
    assertEquals(404, assertThrows(SweepProblem.class, () -> inspector.view(RUN_ID, ALICE)).problem().status(),
        "a run id is not a sweep id");
  }

  private static final class FakeEvaluation implements EvaluationActivities {
    @Override
    public StageResult evaluate(RunContext run, EncoderSpec architecture, AdaptSpec adapt, PreparedData data,
        Map<String, StageResult> models, List<String> extraMetrics) {
      return result("evaluate", Map.of());
    }
  }

  private static final class FakeReports implements SweepReportActivities {
    @Override
    public StageResult writeResults(RunContext run, ResultsTable table) {
      ArtifactRef csv = new ArtifactRef("file:///sweep/results.csv", "0".repeat(64), 1, "table");
      ArtifactRef md = new ArtifactRef("file:///sweep/results.md", "0".repeat(64), 1, "table");
      return new StageResult("sweep", Map.of("results-csv", csv, "results-md", md), Map.of(), false, "sweep-key");
    }
  }

  /** Validation accuracy is the learning rate; the trial at 0.95 heartbeats until it is cancelled when held. */
  private static final class FakeTraining implements TrainingActivities {
    volatile CountDownLatch hold;
    final List<String> startModels = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data) {
      return result("pretrain", Map.of());
    }

    @Override
    public StageResult adapt(RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data,
        StageResult pretrained) {
      return result("adapt", Map.of());
    }

    @Override
    public StageResult fineTune(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        PreparedData data, StageResult adapted) {
      String from = adapted.artifact("model").uri();
      int epochs = (from.contains("@") ? Integer.parseInt(from.substring(from.indexOf('@') + 1)) : 0)
          + fineTune.epochs();
      return train(fineTune, from, epochs, Map.of());
    }

    /** A rung hands its training state, here the model's reference, to the next. */
    @Override
    public StageResult fineTuneRung(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        int untilEpoch, PreparedData data, StageResult start) {
      String from = start.artifact("model").uri();
      ArtifactRef state = new ArtifactRef("file:///fineTune/state/" + fineTune.learningRate() + "@" + untilEpoch,
          "0".repeat(64), 1, "checkpoint");
      return train(fineTune, from, untilEpoch, Map.of("training-state", state));
    }

    private StageResult train(FineTuneSpec fineTune, String from, int epochs, Map<String, ArtifactRef> state) {
      startModels.add(from);
      if (hold != null && fineTune.learningRate() == 0.95) {
        hold.countDown();
        try {
          while (true) {
            Activity.getExecutionContext().heartbeat(null);
            TimeUnit.MILLISECONDS.sleep(10);
          }
        } catch (ActivityCanceledException e) {
          throw e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      Map<String, ArtifactRef> artifacts = new java.util.LinkedHashMap<>(state);
      artifacts.put("model", new ArtifactRef("file:///fineTune/" + fineTune.learningRate() + "@" + epochs,
          "0".repeat(64), 1, "model"));
      return new StageResult("fineTune", artifacts,
          Map.of("validationAccuracy", fineTune.learningRate()), false, "ft-" + fineTune.learningRate() + epochs);
    }
  }
}
