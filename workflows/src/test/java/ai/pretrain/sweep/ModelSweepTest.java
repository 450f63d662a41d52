package ai.pretrain.sweep;

import static ai.pretrain.pipeline.FakeStageResults.ADAPTED;
import static ai.pretrain.pipeline.FakeStageResults.DATA;
import static ai.pretrain.pipeline.FakeStageResults.PRETRAINED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.FakeStageResults;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SweepSpec;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sweeps over adapt and pretrain fields: each trial builds its own model on its first rung, and the best one wins. */
class ModelSweepTest {

  private static final RunContext RUN = new RunContext("run-1", "model-sweep-test", 42L);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .setWorkflowTypes(SweepWorkflowImpl.class, TrialWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @Test
  void aTrialSweepingAdaptFieldsAdaptsThePipelinesEncoderWithItsOwnHead(TestWorkflowEnvironment testEnv,
      Worker worker) {
    RecordingTraining training = new RecordingTraining();
    SweepResult result = run(testEnv, worker, training,
        Map.of("adapt.dropout", List.of(0.1, 0.3), "adapt.headHiddenUnits", List.of(16.0)));

    assertEquals(List.of(), List.copyOf(training.pretrained), "no trial pretrains when no pretrain field is swept");
    assertEquals(List.of("0.1/16 from encoder", "0.3/16 from encoder"), training.adapted.stream().sorted().toList());
    assertTrue(training.fineTunedFrom.stream().allMatch(start -> start.startsWith("adapted-")),
        "every first rung starts from its trial's own adapted model: " + training.fineTunedFrom);
    // the fake scores a trial by its dropout, so the 0.3 trial wins and its head is the pipeline's
    assertEquals(0.3, result.bestAdapt().dropout());
    assertEquals(16, result.bestAdapt().headHiddenUnits());
    assertEquals(PretrainSpec.defaults(), result.bestArchitecture());
  }

  @Test
  void aTrialSweepingPretrainFieldsPretrainsItsOwnEncoderFirst(TestWorkflowEnvironment testEnv, Worker worker) {
    RecordingTraining training = new RecordingTraining();
    SweepResult result = run(testEnv, worker, training, Map.of("pretrain.latentUnits", List.of(8.0, 32.0)));

    assertEquals(List.of(8, 32), training.pretrained.stream().sorted().toList());
    assertEquals(List.of("0.0/0 from encoder-8", "0.0/0 from encoder-32"), training.adapted.stream()
        .sorted((a, b) -> a.length() - b.length()).toList());
    assertEquals(32, result.bestArchitecture().latentUnits());
  }

  @Test
  void aTrialSweepingOnlyFineTuneFieldsStartsFromThePipelinesAdaptedModel(TestWorkflowEnvironment testEnv,
      Worker worker) {
    RecordingTraining training = new RecordingTraining();
    SweepResult result = run(testEnv, worker, training, Map.of("fineTune.learningRate", List.of(0.01, 0.02)));

    assertTrue(training.adapted.isEmpty() && training.pretrained.isEmpty());
    assertEquals(List.of("model", "model"), List.copyOf(training.fineTunedFrom));
    assertEquals(AdaptSpec.defaults(), result.bestAdapt());
  }

  private static SweepResult run(TestWorkflowEnvironment testEnv, Worker worker, RecordingTraining training,
      Map<String, List<Double>> grid) {
    testEnv.newWorker(TaskQueues.GPU).registerActivitiesImplementations(training);
    testEnv.newWorker(TaskQueues.CPU).registerActivitiesImplementations(new FakeSweepReports());
    testEnv.start();
    SweepWorkflow sweep = testEnv.getWorkflowClient().newWorkflowStub(SweepWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(worker.getTaskQueue())
        .setWorkflowExecutionTimeout(Duration.ofHours(1))
        .build());
    return sweep.run(new SweepRequest(RUN, new SweepSpec("grid", grid, 2), PretrainSpec.defaults(),
        AdaptSpec.defaults(), FineTuneSpec.defaults(), DATA, PRETRAINED, ADAPTED));
  }

  /** Records what each stage was asked to build; a trial's score grows with its dropout, latent width and rate. */
  private static final class RecordingTraining implements TrainingActivities {

    final Queue<Integer> pretrained = new ConcurrentLinkedQueue<>();
    final Queue<String> adapted = new ConcurrentLinkedQueue<>();
    final Queue<String> fineTunedFrom = new ConcurrentLinkedQueue<>();

    @Override
    public StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data) {
      pretrained.add(pretrain.latentUnits());
      return FakeStageResults.of(Stages.PRETRAIN, "encoder-" + pretrain.latentUnits());
    }

    @Override
    public StageResult adapt(RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data,
        StageResult encoder) {
      String from = name(encoder);
      adapted.add(adapt.dropout() + "/" + adapt.headHiddenUnits() + " from " + from);
      return FakeStageResults.of(Stages.ADAPT, "adapted-" + adapt.dropout() + "-" + from);
    }

    @Override
    public StageResult fineTune(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        PreparedData data, StageResult start) {
      fineTunedFrom.add(name(start));
      double score = adapt.dropout() + architecture.latentUnits() / 100.0 + fineTune.learningRate();
      return FakeStageResults.trained("trained", score);
    }

    @Override
    public StageResult fineTuneRung(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        int untilEpoch, PreparedData data, StageResult start) {
      return fineTune(run, architecture, adapt, fineTune, data, start);
    }

    private static String name(StageResult result) {
      ArtifactRef ref = result.artifacts().values().iterator().next();
      return ref.uri().substring(ref.uri().lastIndexOf('/') + 1);
    }
  }
}
