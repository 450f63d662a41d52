package ai.pretrain.sweep;

import static ai.pretrain.pipeline.FakeStageResults.ADAPTED;
import static ai.pretrain.pipeline.FakeStageResults.PRETRAINED;
import static ai.pretrain.pipeline.FakeStageResults.DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.pipeline.FakeStageResults;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageOptions;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SweepSpec;
import ai.pretrain.spec.SweepSpec.Dimension;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The search algorithms' decisions on scripted metric curves, through the real sweep and trial workflows. */
class SweepAlgorithmsTest {

  private static final RunContext RUN = new RunContext("run-1", "sweep-test", 42L);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .setWorkflowTypes(SweepWorkflowImpl.class, TrialWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @Test
  void ashaPromotesTheTopThirdOfEachRung(TestWorkflowEnvironment testEnv, Worker worker) {
    // Nine trials, best first; the metric does not change with training, so each rung ranks trials alike.
    List<Double> rates = List.of(0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1);
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> settings.learningRate());
    start(testEnv, training);
    SweepSpec sweep = spec("grid", Map.of("fineTune.learningRate", Dimension.choice(rates)), 1, 0, 0, "asha", 1, 9,
        3, 5, 64);

    SweepResult result = newSweep(testEnv, worker, null).run(request(sweep));

    // Rungs of 1, 3 and 9 epochs: all nine reach rung 0, the top 3 of 9 rung 1, the top 1 of 3 rung 2.
    Map<Double, Integer> rungsReached = new LinkedHashMap<>();
    result.trials().forEach(t -> rungsReached.put(t.parameters().get("learningRate"), t.rungs().size()));
    assertEquals(Map.of(0.9, 3, 0.8, 2, 0.7, 2, 0.6, 1, 0.5, 1, 0.4, 1, 0.3, 1, 0.2, 1, 0.1, 1), rungsReached);
    assertEquals(List.of(1, 2, 6), training.callsOf(0.9).stream().map(ScriptedTraining.Call::epochs).toList(),
        "each rung trains only the epochs it adds, going on from the rung before's training state");
    assertEquals(List.of(0, 1, 3), training.callsOf(0.9).stream().map(ScriptedTraining.Call::fromEpochs).toList());
    assertTrue(training.callsOf(0.9).stream().allMatch(c -> c.settings().epochs() == 9),
        "every rung's learning-rate schedule spans the whole trial: " + training.callsOf(0.9));
    assertEquals(9 * 1 + 3 * 2 + 6, result.trialEpochs(), "ASHA spends 21 trial-epochs where the grid spends 81");
    assertEquals(0, result.bestTrial());
    assertEquals(9, result.bestFineTune().epochs(), "the best trial's fine-tune settings carry the epochs it trained");
    assertEquals(TrialState.COMPLETED, result.trials().get(0).state());
    Trial dropped = result.trials().get(3);
    assertEquals(TrialState.STOPPED, dropped.state());
    assertTrue(dropped.message().contains("top 1/3 of rung 0"), dropped.message());
    assertEquals(TrialState.STOPPED, result.trials().get(1).state());
    assertTrue(result.trials().get(1).message().contains("rung 1"), result.trials().get(1).message());
    assertEquals("s3://artifacts/fineTune/lr=0.9,wd=0.0,bs=32@9", result.best().artifact("model").uri());
  }

  @Test
  void ashaPromotionIsAsynchronousButNeverOutsideTheTopOfTheRung(TestWorkflowEnvironment testEnv, Worker worker) {
    // Worst first: each new trial beats the ones before, so promotions happen as soon as a trial tops its rung.
    List<Double> rates = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> settings.learningRate() + epochs / 1000.0);
    start(testEnv, training);
    SweepSpec sweep = spec("grid", Map.of("fineTune.learningRate", Dimension.choice(rates)), 1, 0, 0, "asha", 1, 9,
        3, 5, 64);

    SweepResult result = newSweep(testEnv, worker, null).run(request(sweep));

    // Replays the decisions: whenever a trial started rung k+1, it was in the top floor(n/3) of those at rung k then.
    Set<Double> atRung0 = new HashSet<>();
    for (ScriptedTraining.Call call : training.calls) {
      double lr = call.settings().learningRate();
      if (call.fromEpochs() == 0) {
        atRung0.add(lr);
      } else if (call.fromEpochs() == 1) {
        long better = atRung0.stream().filter(other -> other > lr).count();
        assertTrue(better < atRung0.size() / 3, lr + " was promoted from outside the top third of " + atRung0);
      }
    }
    assertEquals(8, result.bestTrial(), "the best trial is found and trained to the end");
    assertEquals(3, result.trials().get(8).rungs().size());
  }

  @Test
  void medianRuleStopsTrialsBelowTheMedianOfTheOthers(TestWorkflowEnvironment testEnv, Worker worker) {
    // Trials run one at a time in this order; each improves by 0.01 per epoch.
    List<Double> quality = List.of(0.8, 0.7, 0.9, 0.2, 0.85, 0.75);
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> settings.learningRate() + epochs / 100.0);
    start(testEnv, training);
    SweepSpec sweep = spec("grid", Map.of("fineTune.learningRate", Dimension.choice(quality)), 1, 0, 0, "median", 1,
        4, 3, 3, 64);

    SweepResult result = newSweep(testEnv, worker, null).run(request(sweep));

    Map<Double, TrialState> states = new LinkedHashMap<>();
    result.trials().forEach(t -> states.put(t.parameters().get("learningRate"), t.state()));
    // 0.2 and 0.75 are below the median of the three or more trials before them at rung 0 (0.8 + 0.01, then 0.81 with
    // 0.2 among them); 0.85 is above it. The first three are never judged: fewer than 3 others had reported.
    assertEquals(Map.of(0.8, TrialState.COMPLETED, 0.7, TrialState.COMPLETED, 0.9, TrialState.COMPLETED,
        0.2, TrialState.STOPPED, 0.85, TrialState.COMPLETED, 0.75, TrialState.STOPPED), states);
    assertEquals(1, training.callsOf(0.2).size(), "a stopped trial trains no further rung");
    assertEquals(4, training.callsOf(0.85).size(), "rungs every epoch up to 4");
    assertTrue(result.trials().get(3).message().contains("median"), result.trials().get(3).message());
    assertEquals(4 * 4 + 1 + 1, result.trialEpochs());
  }

  @Test
  void gridCoversTheGridExactlyOnceAcrossContinueAsNew(TestWorkflowEnvironment testEnv, Worker worker) {
    ScriptedTraining training = new ScriptedTraining(
        (settings, epochs) -> settings.learningRate() * 100 - settings.batchSize() / 1000.0);
    start(testEnv, training);
    Map<String, Dimension> grid = Map.of(
        "fineTune.learningRate", Dimension.choice(List.of(0.001, 0.003, 0.01)),
        "fineTune.batchSize", Dimension.choice(List.of(16.0, 32.0)));
    // Two new trials per history: the six trials take three histories.
    SweepSpec sweep = spec("grid", grid, 2, 0, 0, "fifo", 1, 0, 3, 5, 2);
    SweepWorkflow stub = newSweep(testEnv, worker, "grid-can");

    WorkflowExecution first = WorkflowClient.start(stub::run, request(sweep));
    SweepResult result = WorkflowStub.fromTyped(stub).getResult(SweepResult.class);

    Set<List<Double>> tried = new HashSet<>();
    training.calls.forEach(c -> assertTrue(tried.add(List.of(c.settings().learningRate(), (double) c.settings()
        .batchSize())), "trained twice: " + c));
    assertEquals(6, tried.size());
    assertEquals(6, result.trials().size(), "the leaderboard keeps the trials of earlier histories");
    assertTrue(result.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETED));
    assertEquals(IntStream.range(0, 6).boxed().toList(), result.trials().stream().map(Trial::index).toList());
    assertEquals(0.01, result.bestParameters().get("learningRate"));
    assertEquals(16.0, result.bestParameters().get("batchSize"));
    assertEquals(6 * 50, result.trialEpochs());
    WorkflowExecutionHistory firstHistory = testEnv.getWorkflowClient().fetchHistory("grid-can", first.getRunId());
    assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, firstHistory.getLastEvent().getEventType());
    assertTrue(firstHistory.getEvents().size() < 60, "one history holds " + firstHistory.getEvents().size()
        + " events");
    assertEquals(result.trials(), stub.leaderboard());
  }

  @Test
  void continueAsNewCarriesFinishedTrialsWithTheirModelOnly(TestWorkflowEnvironment testEnv, Worker worker) {
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> settings.learningRate());
    start(testEnv, training);
    Map<String, Dimension> grid = Map.of("fineTune.learningRate", Dimension.choice(List.of(0.1, 0.3, 0.2, 0.05, 0.01)));
    SweepSpec sweep = spec("grid", grid, 1, 0, 0, "fifo", 1, 0, 3, 5, 2);

    SweepResult result = newSweep(testEnv, worker, "grid-compact").run(request(sweep));

    WorkflowExecutionHistory last = testEnv.getWorkflowClient().fetchHistory("grid-compact");
    SweepRequest started = DefaultDataConverter.newDefaultInstance().fromPayloads(0,
        Optional.of(last.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput()),
        SweepRequest.class, SweepRequest.class);
    List<Trial> carried = started.carried().trials();
    assertEquals(4, carried.size(), "the third history starts with the four trials of the first two");
    for (Trial t : carried) {
      double learningRate = t.parameters().get("learningRate");
      assertTrue(t.result().artifact("model").uri().startsWith("s3://artifacts/fineTune/lr=" + learningRate + ","),
          "a finished trial keeps its model: " + t);
      // Trial 1 (0.3) is the best so far and keeps its whole result; the others only their model's reference.
      assertEquals(t.index() == 1 ? Set.of("validationAccuracy", "epochs") : Set.of(), t.result().metrics().keySet());
      assertEquals(t.index() == 1, t.result().cacheKey() != null);
      assertEquals(learningRate, t.metric());
    }
    assertEquals(1, result.bestTrial());
    assertEquals(0.3, result.best().metrics().get("validationAccuracy"));
    assertTrue(result.trials().stream().allMatch(t -> t.result().artifacts().containsKey("model")),
        "the leaderboard and the results table still name every trial's model");
  }

  @Test
  void tpeConcentratesSamplesNearTheOptimumAfterItsStartupTrials(TestWorkflowEnvironment testEnv, Worker worker) {
    // The metric peaks at a learning rate of 1e-3 and falls off with the distance in decades.
    ScriptedTraining training = new ScriptedTraining(
        (settings, epochs) -> 1 - Math.abs(Math.log10(settings.learningRate()) + 3) / 4);
    start(testEnv, training);
    Map<String, Dimension> space = Map.of("fineTune.learningRate", Dimension.range("loguniform", 1e-5, 1e-1));
    SweepSpec sweep = spec("tpe", space, 1, 40, 0, "fifo", 1, 0, 3, 10, 64);

    SweepResult result = newSweep(testEnv, worker, null).run(request(sweep));

    List<Double> distance = result.trials().stream()
        .map(t -> Math.abs(Math.log10(t.parameters().get("learningRate")) + 3)).toList();
    double startup = distance.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
    double modelled = distance.subList(20, 40).stream().mapToDouble(d -> d).average().orElseThrow();
    assertTrue(modelled < startup / 2, "TPE's later trials are " + modelled + " decades from the optimum on average, "
        + "its random start-up trials " + startup);
    assertTrue(distance.get(result.bestTrial()) < 0.1, "best is " + distance.get(result.bestTrial()) + " decades off");
  }

  @Test
  void samplersAreDeterministicForASeed(TestWorkflowEnvironment testEnv, Worker worker) {
    Map<String, Dimension> space = new LinkedHashMap<>();
    space.put("fineTune.learningRate", Dimension.range("loguniform", 1e-4, 1e-1));
    space.put("fineTune.batchSize", new Dimension("int", null, 8.0, 64.0, null));
    space.put("fineTune.weightDecay", Dimension.quantized(0, 0.01, 0.001));
    space.put("fineTune.patience", Dimension.choice(List.of(3.0, 5.0)));
    SweepSpec sweep = spec("random", space, 1, 5, 0, "fifo", 1, 0, 3, 5, 64);
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> settings.learningRate());
    start(testEnv, training);

    SweepResult once = newSweep(testEnv, worker, null).run(request(sweep));
    SweepResult again = newSweep(testEnv, worker, null).run(request(sweep));

    assertEquals(once.trials().stream().map(Trial::parameters).toList(),
        again.trials().stream().map(Trial::parameters).toList());
    for (Trial t : once.trials()) {
      Map<String, Double> p = t.parameters();
      assertTrue(p.get("learningRate") >= 1e-4 && p.get("learningRate") <= 1e-1, p.toString());
      assertEquals(Math.rint(p.get("batchSize")), p.get("batchSize"));
      assertEquals(0, Math.round(p.get("weightDecay") * 1e6) % 1000, "a multiple of 0.001: " + p);
      assertTrue(p.get("patience") == 3.0 || p.get("patience") == 5.0);
    }
    assertEquals(5, once.trials().stream().map(Trial::parameters).distinct().count());
  }

  @Test
  void budgetInTrialEpochsStopsStartingTrials(TestWorkflowEnvironment testEnv, Worker worker) {
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> settings.learningRate());
    start(testEnv, training);
    SweepSpec sweep = spec("grid", Map.of("fineTune.learningRate", Dimension.choice(List.of(0.1, 0.2, 0.3, 0.4))),
        1, 0, 25, "fifo", 1, 10, 3, 5, 64);

    SweepResult result = newSweep(testEnv, worker, null).run(request(sweep));

    assertEquals(2, training.calls.size());
    assertEquals(20, result.trialEpochs());
    assertEquals(2, result.trials().size());
    assertEquals(1, result.bestTrial());
  }

  @Test
  void aRungWhoseWorkerIsLostIsRetriedAsAHeartbeatingTrainingActivity(TestWorkflowEnvironment testEnv,
      Worker worker) {
    Set<Double> lost = ConcurrentHashMap.newKeySet();
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> {
      if (settings.learningRate() == 0.2 && lost.add(0.2)) {
        throw new IllegalStateException("worker lost");
      }
      return settings.learningRate();
    });
    start(testEnv, training);
    SweepSpec sweep = spec("grid", Map.of("fineTune.learningRate", Dimension.choice(List.of(0.1, 0.2))), 2, 0, 0,
        "fifo", 1, 0, 3, 5, 64);

    SweepResult result = newSweep(testEnv, worker, "lost-worker").run(request(sweep));

    assertEquals(3, training.calls.size(), "trial 1's rung ran twice, trial 0's once");
    assertTrue(result.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETED), result.trials().toString());
    assertEquals(1, result.bestTrial());
    List<HistoryEvent> rungs = testEnv.getWorkflowClient().fetchHistory("lost-worker").getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("FineTuneRung"))
        .toList();
    assertEquals(2, rungs.size(), "one activity per rung; the retry is the same activity's second attempt");
    for (HistoryEvent rung : rungs) {
      var scheduled = rung.getActivityTaskScheduledEventAttributes();
      assertEquals(TaskQueues.GPU, scheduled.getTaskQueue().getName());
      assertEquals(StageOptions.TRAINING.getHeartbeatTimeout().toSeconds(), scheduled.getHeartbeatTimeout()
          .getSeconds());
      assertEquals(StageOptions.TRAINING.getRetryOptions().getMaximumAttempts(), scheduled.getRetryPolicy()
          .getMaximumAttempts());
    }
  }

  @Test
  void stoppingARunningTrialCancelsItsTrainingAndFreesTheSlot(TestWorkflowEnvironment testEnv, Worker worker)
      throws InterruptedException {
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> settings.learningRate(),
        settings -> settings.learningRate() == 0.5, 1);
    start(testEnv, training);
    SweepSpec sweep = spec("grid", Map.of("fineTune.learningRate", Dimension.choice(List.of(0.5, 0.2, 0.3))), 1, 0,
        0, "fifo", 1, 0, 3, 5, 64);
    SweepWorkflow stub = newSweep(testEnv, worker, "stop-one");
    WorkflowClient.start(stub::run, request(sweep));
    assertTrue(training.holding.await(30, TimeUnit.SECONDS));

    stub.stopTrial(0);
    SweepResult result = WorkflowStub.fromTyped(stub).getResult(SweepResult.class);

    assertEquals(1, training.cancelled.get(), "the stopped trial's activity saw the cancellation");
    assertEquals(TrialState.STOPPED, result.trials().get(0).state());
    assertTrue(result.trials().get(0).message().contains("stopped by request"), result.trials().get(0).message());
    assertEquals(1, training.mostInFlight.get(), "the next trial started only once the stopped one had stopped");
    assertEquals(2, result.bestTrial());
  }

  @Test
  void cancellingTheSweepCancelsEveryRunningTrial(TestWorkflowEnvironment testEnv, Worker worker)
      throws InterruptedException {
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> settings.learningRate(),
        settings -> true, 2);
    start(testEnv, training);
    SweepSpec sweep = spec("grid", Map.of("fineTune.learningRate", Dimension.choice(List.of(0.1, 0.2, 0.3))), 2, 0,
        0, "fifo", 1, 0, 3, 5, 64);
    SweepWorkflow stub = newSweep(testEnv, worker, "cancel-all");
    WorkflowClient.start(stub::run, request(sweep));
    assertTrue(training.holding.await(30, TimeUnit.SECONDS));

    WorkflowStub.fromTyped(stub).cancel();

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(stub).getResult(SweepResult.class));
    assertInstanceOf(CanceledFailure.class, e.getCause());
    assertEquals(2, training.cancelled.get(), "both running trials' activities saw the cancellation");
    assertEquals(2, training.calls.size(), "no trial started after the cancellation");
  }

  private static void start(TestWorkflowEnvironment testEnv, ScriptedTraining training) {
    testEnv.newWorker(TaskQueues.GPU,
        WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(Duration.ofMillis(20)).build())
        .registerActivitiesImplementations(training);
    testEnv.newWorker(TaskQueues.CPU).registerActivitiesImplementations(new FakeSweepReports());
    testEnv.start();
  }

  private static SweepWorkflow newSweep(TestWorkflowEnvironment testEnv, Worker worker, String id) {
    WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
        .setTaskQueue(worker.getTaskQueue())
        .setWorkflowExecutionTimeout(Duration.ofHours(1));
    if (id != null) {
      options.setWorkflowId(id);
    }
    return testEnv.getWorkflowClient().newWorkflowStub(SweepWorkflow.class, options.build());
  }

  static SweepSpec spec(String method, Map<String, Dimension> parameters, int parallelism, int maxTrials,
      int budgetEpochs, String scheduler, int minEpochs, int maxEpochs, int reductionFactor, int startupTrials,
      int trialsPerHistory) {
    return new SweepSpec(method, parameters, parallelism, maxTrials, budgetEpochs, null, null, scheduler, minEpochs,
        maxEpochs, reductionFactor, startupTrials, trialsPerHistory);
  }

  static SweepRequest request(SweepSpec sweep) {
    return new SweepRequest(RUN, sweep, PretrainSpec.defaults(), AdaptSpec.defaults(), FineTuneSpec.defaults(), DATA,
        PRETRAINED, ADAPTED);
  }
}
