package ai.pretrain.sweep;

import static ai.pretrain.pipeline.FakeStageResults.ADAPTED;
import static ai.pretrain.pipeline.FakeStageResults.DATA;
import static ai.pretrain.pipeline.FakeStageResults.PRETRAINED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.pipeline.FakeStageResults;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SweepSpec;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SweepWorkflowTest {

  private static final RunContext RUN = new RunContext("run-1", "sweep-test", 42L);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .setWorkflowTypes(SweepWorkflowImpl.class, TrialWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @Test
  void noMoreThanParallelismTrialsTrainAtOnce(TestWorkflowEnvironment testEnv, Worker worker) {
    // Each trial holds its slot long enough that an unbounded sweep would run all six together.
    FakeTraining training = new FakeTraining(settings -> FakeStageResults.trained(
        "lr-" + settings.learningRate(), settings.learningRate()), 150);
    startWorkers(testEnv, training);

    SweepResult result = newSweep(testEnv, worker).run(request(List.of(0.1, 0.2, 0.6, 0.5, 0.4, 0.3), 2));

    assertEquals(6, training.calls.get());
    assertEquals(2, training.mostInFlight.get(), "parallelism 2 should keep exactly two trials busy");
    assertEquals(2, result.bestTrial());
    assertEquals(0.6, result.bestFineTune().learningRate());
    assertEquals(0.6, result.best().metrics().get("validationAccuracy"));
    assertEquals(6, result.trials().size());
    assertTrue(result.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETED));
  }

  @Test
  void parallelismOfOneRunsTrialsOneByOne(TestWorkflowEnvironment testEnv, Worker worker) {
    FakeTraining training = new FakeTraining(settings -> FakeStageResults.trained("m", 0.5), 30);
    startWorkers(testEnv, training);

    newSweep(testEnv, worker).run(request(List.of(0.1, 0.2, 0.3), 1));

    assertEquals(3, training.calls.get());
    assertEquals(1, training.mostInFlight.get());
  }

  @Test
  void failedTrialIsFailedInTheLeaderboardAndTheBestSuccessfulOneWins(TestWorkflowEnvironment testEnv,
      Worker worker) {
    // The diverging trial fails at once while the others still train, so the sweep must wait on past a failure.
    FakeTraining training = new FakeTraining(settings -> {
      if (settings.learningRate() == 0.9) {
        throw ApplicationFailure.newNonRetryableFailure("loss became NaN at learning rate 0.9", "Diverged");
      }
      sleep(100);
      return FakeStageResults.trained("lr-" + settings.learningRate(), settings.learningRate());
    }, 0);
    startWorkers(testEnv, training);
    SweepWorkflow sweep = newSweep(testEnv, worker);

    SweepResult result = sweep.run(request(List.of(0.9, 0.3, 0.5), 2));

    assertEquals(3, training.calls.get());
    Trial failed = result.trials().get(0);
    assertEquals(TrialState.FAILED, failed.state());
    assertTrue(failed.message().contains("loss became NaN at learning rate 0.9"), failed.message());
    assertNull(failed.metric());
    assertEquals(2, result.bestTrial());
    assertEquals(0.5, result.bestFineTune().learningRate());
    assertEquals(result.trials(), sweep.leaderboard());
  }

  @Test
  void sweepWhereEveryTrialFailsFailsWithoutRetrying(TestWorkflowEnvironment testEnv, Worker worker) {
    FakeTraining training = new FakeTraining(settings -> {
      throw ApplicationFailure.newNonRetryableFailure("CUDA out of memory", "OutOfMemory");
    }, 0);
    startWorkers(testEnv, training);
    SweepWorkflow sweep = newSweep(testEnv, worker);

    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> sweep.run(request(List.of(0.1, 0.2), 2)));

    ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertTrue(failure.isNonRetryable());
    assertEquals("SweepFailed", failure.getType());
    assertTrue(failure.getOriginalMessage().contains("CUDA out of memory"), failure.getOriginalMessage());
    assertEquals(2, training.calls.get());
    assertTrue(sweep.leaderboard().stream().allMatch(t -> t.state() == TrialState.FAILED));
  }

  private static void startWorkers(TestWorkflowEnvironment testEnv, TrainingActivities training) {
    testEnv.newWorker(TaskQueues.GPU).registerActivitiesImplementations(training);
    testEnv.newWorker(TaskQueues.CPU).registerActivitiesImplementations(new FakeSweepReports());
    testEnv.start();
  }

  private static SweepWorkflow newSweep(TestWorkflowEnvironment testEnv, Worker worker) {
    return testEnv.getWorkflowClient().newWorkflowStub(SweepWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(worker.getTaskQueue())
        .setWorkflowExecutionTimeout(Duration.ofHours(1))
        .build());
  }

  private static SweepRequest request(List<Double> learningRates, int parallelism) {
    SweepSpec sweep = new SweepSpec("grid", Map.of("fineTune.learningRate", learningRates), parallelism);
    return new SweepRequest(RUN, sweep, PretrainSpec.defaults(), AdaptSpec.defaults(), FineTuneSpec.defaults(), DATA,
        PRETRAINED, ADAPTED);
  }

  /** Holds a fake trial's activity thread; real time, since activities run outside the workflow's clock. */
  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Trains nothing: answers each trial from its settings after holding a slot, and counts trials in flight. */
  private static final class FakeTraining implements TrainingActivities {

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<Double> seen = ConcurrentHashMap.newKeySet();
    private final Function<FineTuneSpec, StageResult> outcome;
    private final long holdMillis;

    FakeTraining(Function<FineTuneSpec, StageResult> outcome, long holdMillis) {
      this.outcome = outcome;
      this.holdMillis = holdMillis;
    }

    @Override
    public StageResult fineTune(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        PreparedData data, StageResult adapted) {
      calls.incrementAndGet();
      assertTrue(seen.add(fineTune.learningRate()), "trial trained twice: " + fineTune);
      assertEquals(ADAPTED, adapted);
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        sleep(holdMillis);
        return outcome.apply(fineTune);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    /** Fifo trials are one rung, the whole trial. */
    @Override
    public StageResult fineTuneRung(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        int untilEpoch, PreparedData data, StageResult start) {
      assertEquals(fineTune.epochs(), untilEpoch, "a fifo trial trains in one rung");
      return fineTune(run, architecture, adapt, fineTune, data, start);
    }

    @Override
    public StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data) {
      throw new UnsupportedOperationException("a sweep only fine-tunes");
    }

    @Override
    public StageResult adapt(RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data,
        StageResult pretrained) {
      throw new UnsupportedOperationException("a sweep only fine-tunes");
    }
  }
}
