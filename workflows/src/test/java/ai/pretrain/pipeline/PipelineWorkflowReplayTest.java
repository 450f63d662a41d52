package ai.pretrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNotNull;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.sweep.FakeSweepReports;
import ai.pretrain.sweep.SweepWorkflowImpl;
import ai.pretrain.sweep.TrialWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays a recorded run of a pipeline with a sweep, so a change to {@link PipelineWorkflowImpl} that would break
 * running workflows (a reordered, added or removed command without {@code Workflow.getVersion}) fails the build.
 *
 * <p>After an intended, versioned change, re-record from the module directory with
 * {@code mvn -B -o -q -pl workflows test -Dtest=PipelineWorkflowReplayTest -Drecord.histories=true} and commit the
 * file; the default run only replays it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineWorkflowReplayTest {

  static final String WORKFLOW_ID = "replay-pipeline";
  static final Path HISTORY = Path.of("src/test/resources/histories/pipeline-with-sweep.json");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .setWorkflowTypes(PipelineWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @Test
  @Order(1)
  @EnabledIfSystemProperty(named = "record.histories", matches = "true")
  void recordHistory(TestWorkflowEnvironment testEnv, Worker worker) throws IOException {
    DataPrepActivities dataPrep = mock(DataPrepActivities.class, withSettings().withoutAnnotations());
    TrainingActivities training = mock(TrainingActivities.class, withSettings().withoutAnnotations());
    EvaluationActivities evaluation = mock(EvaluationActivities.class, withSettings().withoutAnnotations());
    PreparedData data = FakeStageResults.data("train-000");
    StageResult adapted = FakeStageResults.of(Stages.ADAPT, "model");
    StageResult scratch = FakeStageResults.of(Stages.ADAPT, "scratch-model");
    when(dataPrep.prepareData(any(), any(), any())).thenReturn(data);
    when(training.pretrain(any(), any(), any())).thenReturn(FakeStageResults.of(Stages.PRETRAIN, "encoder"));
    when(training.adapt(any(), any(), any(), any(), isNotNull())).thenReturn(adapted);
    when(training.adapt(any(), any(), any(), any(), isNull())).thenReturn(scratch);
    when(training.fineTune(any(), any(), any(), any(), any(), eq(adapted))).thenAnswer(call -> {
      FineTuneSpec settings = call.getArgument(3);
      return FakeStageResults.trained("lr-" + settings.learningRate(), 100 * settings.learningRate());
    });
    when(training.fineTune(any(), any(), any(), any(), any(), eq(scratch)))
        .thenReturn(FakeStageResults.trained("scratch", 0.5));
    when(evaluation.evaluate(any(), any(), any(), any(), any(), any()))
        .thenReturn(FakeStageResults.of(Stages.EVALUATE, "comparison-json", Map.of("pretrained.accuracy", 0.9), false));
    Worker cpu = testEnv.newWorker(TaskQueues.CPU);
    cpu.registerWorkflowImplementationTypes(SweepWorkflowImpl.class, TrialWorkflowImpl.class);
    cpu.registerActivitiesImplementations(dataPrep, evaluation, new FakeSweepReports());
    testEnv.newWorker(TaskQueues.GPU).registerActivitiesImplementations(training);
    testEnv.start();
    PipelineWorkflow pipeline = testEnv.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(WORKFLOW_ID).setTaskQueue(worker.getTaskQueue()).build());

    pipeline.run(new SpecParser().parse("""
        name: replay
        dataset: {name: mnist}
        sweep:
          parameters:
            fineTune.learningRate: [0.001, 0.003]
        """));

    Files.createDirectories(HISTORY.getParent());
    Files.writeString(HISTORY, testEnv.getWorkflowClient().fetchHistory(WORKFLOW_ID).toJson(true));
    assertEquals(StageState.COMPLETED, pipeline.progress().stages().get(Stages.IN_ORDER.size() - 1).state());
  }

  @Test
  @Order(2)
  void replaysTheRecordedHistory() throws Exception {
    // The workflow id goes with the history because the workflow derives ids from it (the sweep child's, for one).
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(HISTORY), WORKFLOW_ID);

    WorkflowReplayer.replayWorkflowExecution(history, PipelineWorkflowImpl.class);
  }
}
