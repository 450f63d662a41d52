package ai.pretrain.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.spec.SweepSpec.Dimension;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays a recorded ASHA sweep (six trials, two at a time, one of which fails, with promotions, a continue-as-new
 * after four trials and the results table) whose rungs resume training as its own activities, the same sweep recorded
 * before rungs resumed training, and recorded when each rung was a {@link TrialWorkflow} child, with one of those
 * rungs, so a non-deterministic change to
 * {@link SweepWorkflowImpl} or {@link TrialWorkflowImpl} fails the build.
 *
 * <p>Re-record the current version from the module directory with
 * {@code mvn -B -o -q -pl workflows test -Dtest=SweepWorkflowReplayTest -Drecord.histories=true}; the default run only
 * replays the committed files.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepWorkflowReplayTest {

  static final String WORKFLOW_ID = "replay-sweep";
  static final String TRIAL_ID = WORKFLOW_ID + "-trial-0-rung-1";
  static final Path SWEEP_FIRST = Path.of("src/test/resources/histories/sweep-asha-resumed-rungs-first-history.json");
  static final Path SWEEP_LAST = Path.of("src/test/resources/histories/sweep-asha-resumed-rungs-last-history.json");
  /** Recorded before rungs resumed training ({@code rungs-resume-training} at the default version). */
  static final Path ACTIVITY_RUNGS_FIRST =
      Path.of("src/test/resources/histories/sweep-asha-activity-rungs-first-history.json");
  static final Path ACTIVITY_RUNGS_LAST =
      Path.of("src/test/resources/histories/sweep-asha-activity-rungs-last-history.json");
  /** Recorded when each rung was a child workflow ({@code rungs-as-activities} at the default version). */
  static final Path CHILD_RUNGS_FIRST = Path.of("src/test/resources/histories/sweep-asha-first-history.json");
  static final Path CHILD_RUNGS_LAST = Path.of("src/test/resources/histories/sweep-asha-last-history.json");
  static final Path TRIAL = Path.of("src/test/resources/histories/sweep-trial-rung.json");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .setWorkflowTypes(SweepWorkflowImpl.class, TrialWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @Test
  @Order(1)
  @EnabledIfSystemProperty(named = "record.histories", matches = "true")
  void recordHistory(TestWorkflowEnvironment testEnv, Worker worker) throws IOException {
    ScriptedTraining training = new ScriptedTraining((settings, epochs) -> {
      if (settings.learningRate() == 0.5) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("loss became NaN", "Diverged");
      }
      return settings.learningRate() + epochs / 1000.0;
    });
    testEnv.newWorker(TaskQueues.GPU).registerActivitiesImplementations(training);
    testEnv.newWorker(TaskQueues.CPU).registerActivitiesImplementations(new FakeSweepReports());
    testEnv.start();
    SweepWorkflow sweep = testEnv.getWorkflowClient().newWorkflowStub(SweepWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(WORKFLOW_ID).setTaskQueue(worker.getTaskQueue()).build());

    SweepResult result = sweep.run(SweepAlgorithmsTest.request(SweepAlgorithmsTest.spec("grid",
        Map.of("fineTune.learningRate", Dimension.choice(List.of(0.9, 0.5, 0.3, 0.7, 0.2, 0.1))), 2, 0, 0, "asha",
        1, 4, 2, 5, 4)));

    Files.createDirectories(SWEEP_FIRST.getParent());
    var client = testEnv.getWorkflowClient();
    WorkflowExecutionHistory latest = client.fetchHistory(WORKFLOW_ID);
    String first = latest.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getFirstExecutionRunId();
    Files.writeString(SWEEP_FIRST, client.fetchHistory(WORKFLOW_ID, first).toJson(true));
    Files.writeString(SWEEP_LAST, latest.toJson(true));
    assertEquals(0, result.bestTrial());
    assertEquals(TrialState.FAILED, result.trials().get(1).state());
  }

  @Test
  @Order(2)
  void replaysTheRecordedHistories() throws Exception {
    // The workflow id goes with the history because the workflow derives ids from it (the trials' children, for one).
    for (Path sweep : List.of(SWEEP_FIRST, SWEEP_LAST, ACTIVITY_RUNGS_FIRST, ACTIVITY_RUNGS_LAST, CHILD_RUNGS_FIRST,
        CHILD_RUNGS_LAST)) {
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(Files.readString(sweep), WORKFLOW_ID), SweepWorkflowImpl.class);
    }
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(TRIAL), TRIAL_ID), TrialWorkflowImpl.class);
  }
}
