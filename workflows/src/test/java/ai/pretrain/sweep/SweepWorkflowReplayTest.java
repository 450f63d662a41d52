package ai.pretrain.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.pipeline.FakeStageResults;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SweepSpec;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
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
 * Replays a recorded sweep of three trials, two at a time, one of which fails, so a non-deterministic change to
 * {@link SweepWorkflowImpl} fails the build.
 *
 * <p>Re-record from the module directory with
 * {@code mvn -B -o -q -pl workflows test -Dtest=SweepWorkflowReplayTest -Drecord.histories=true}; the default run only
 * replays the committed file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepWorkflowReplayTest {

  static final String WORKFLOW_ID = "replay-sweep";
  static final Path HISTORY = Path.of("src/test/resources/histories/sweep-with-failed-trial.json");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .setWorkflowTypes(SweepWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @Test
  @Order(1)
  @EnabledIfSystemProperty(named = "record.histories", matches = "true")
  void recordHistory(TestWorkflowEnvironment testEnv, Worker worker) throws IOException {
    testEnv.newWorker(TaskQueues.GPU).registerActivitiesImplementations(new TrainingActivities() {
      @Override
      public StageResult fineTune(RunContext run, PretrainSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
          StageResult data, StageResult adapted) {
        if (fineTune.learningRate() > 0.1) {
          throw ApplicationFailure.newNonRetryableFailure("loss became NaN", "Diverged");
        }
        return FakeStageResults.trained("lr-" + fineTune.learningRate(), 10 * fineTune.learningRate());
      }

      @Override
      public StageResult pretrain(RunContext run, PretrainSpec pretrain, StageResult data) {
        throw new UnsupportedOperationException();
      }

      @Override
      public StageResult adapt(RunContext run, PretrainSpec architecture, AdaptSpec adapt, StageResult data,
          StageResult pretrained) {
        throw new UnsupportedOperationException();
      }
    });
    testEnv.start();
    SweepWorkflow sweep = testEnv.getWorkflowClient().newWorkflowStub(SweepWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(WORKFLOW_ID).setTaskQueue(worker.getTaskQueue()).build());

    SweepResult result = sweep.run(new SweepRequest(new RunContext("replay", "replay", 42L),
        new SweepSpec("grid", Map.of("fineTune.learningRate", List.of(0.5, 0.01, 0.03)), 2), PretrainSpec.defaults(),
        AdaptSpec.defaults(), FineTuneSpec.defaults(), FakeStageResults.of(Stages.PREPARE_DATA, "train-000"),
        FakeStageResults.of(Stages.ADAPT, "model")));

    Files.createDirectories(HISTORY.getParent());
    Files.writeString(HISTORY, testEnv.getWorkflowClient().fetchHistory(WORKFLOW_ID).toJson(true));
    assertEquals(2, result.bestTrial());
    assertEquals(TrialState.FAILED, result.trials().get(0).state());
  }

  @Test
  @Order(2)
  void replaysTheRecordedHistory() throws Exception {
    // The workflow id goes with the history because the workflow derives ids from it (the sweep child's, for one).
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(HISTORY), WORKFLOW_ID);

    WorkflowReplayer.replayWorkflowExecution(history, SweepWorkflowImpl.class);
  }
}
