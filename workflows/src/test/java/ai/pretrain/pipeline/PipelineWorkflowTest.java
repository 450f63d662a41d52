package ai.pretrain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNotNull;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.sweep.FakeSweepReports;
import ai.pretrain.sweep.SweepWorkflowImpl;
import ai.pretrain.sweep.TrialWorkflowImpl;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class PipelineWorkflowTest {

  private static final SpecParser PARSER = new SpecParser();

  private static final String NO_SWEEP = """
      name: no-sweep
      dataset: {name: mnist}
      adapt: {freezeEncoder: true, headHiddenUnits: 32}
      fineTune: {epochs: 5}
      """;

  private static final String WITH_SWEEP = NO_SWEEP.replace("no-sweep", "with-sweep") + """
      sweep:
        parameters:
          fineTune.learningRate: [0.001, 0.003]
      """;

  private static final PreparedData DATA = FakeStageResults.DATA;
  private static final StageResult PRETRAINED =
      FakeStageResults.of(Stages.PRETRAIN, "encoder", Map.of("reconstructionLoss", 0.05), true);
  private static final StageResult ADAPTED = FakeStageResults.of(Stages.ADAPT, "model");
  private static final StageResult FINE_TUNED = FakeStageResults.trained("pretrained-model", 0.9);
  private static final StageResult SCRATCH_ADAPTED = FakeStageResults.of(Stages.ADAPT, "scratch-model");
  private static final StageResult SCRATCH_TUNED = FakeStageResults.trained("scratch-tuned", 0.6);
  private static final StageResult EVALUATED =
      FakeStageResults.of(Stages.EVALUATE, "comparison-json", Map.of("pretrained.accuracy", 0.91), false);
  private static final StageResult REPORT = FakeStageResults.of("report", "report-html");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
      .setWorkflowTypes(PipelineWorkflowImpl.class, SweepWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  private TestWorkflowEnvironment testEnv;
  private Worker pipelineWorker;
  private final DataPrepActivities dataPrep = mock(DataPrepActivities.class, withSettings().withoutAnnotations());
  private final TrainingActivities training = mock(TrainingActivities.class, withSettings().withoutAnnotations());
  private final EvaluationActivities evaluation =
      mock(EvaluationActivities.class, withSettings().withoutAnnotations());
  private final ReportActivities report = mock(ReportActivities.class, withSettings().withoutAnnotations());
  private final NotificationActivities webhooks =
      mock(NotificationActivities.class, withSettings().withoutAnnotations());
  /** The training activities of a second worker pool, polling {@code gpu-a100}. */
  private final TrainingActivities a100 = mock(TrainingActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void startWorkers(TestWorkflowEnvironment testEnv, Worker worker) {
    this.testEnv = testEnv;
    this.pipelineWorker = worker;
    // The sweep child is pinned to the CPU queue, and activities name their queues, so the test runs one worker per
    // queue as production does; the extension's own worker runs the pipeline.
    Worker cpu = testEnv.newWorker(TaskQueues.CPU);
    cpu.registerWorkflowImplementationTypes(SweepWorkflowImpl.class, TrialWorkflowImpl.class);
    cpu.registerActivitiesImplementations(dataPrep, evaluation, report, new FakeSweepReports(), webhooks);
    // Heartbeats go out at most every 0.8 x the 30 s heartbeat timeout by default; sending them promptly delivers a
    // cancellation in milliseconds instead.
    Worker gpu = testEnv.newWorker(TaskQueues.GPU,
        WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(Duration.ofMillis(20)).build());
    gpu.registerActivitiesImplementations(training);
    testEnv.newWorker("gpu-a100").registerActivitiesImplementations(a100);
    testEnv.start();

    when(dataPrep.prepareData(any(), any(), any())).thenReturn(DATA);
    when(training.pretrain(any(), any(), any())).thenReturn(PRETRAINED);
    when(training.adapt(any(), any(), any(), any(), isNotNull())).thenReturn(ADAPTED);
    when(training.adapt(any(), any(), any(), any(), isNull())).thenReturn(SCRATCH_ADAPTED);
    when(training.fineTune(any(), any(), any(), any(), any(), eq(ADAPTED))).thenReturn(FINE_TUNED);
    when(training.fineTune(any(), any(), any(), any(), any(), eq(SCRATCH_ADAPTED))).thenReturn(SCRATCH_TUNED);
    when(evaluation.evaluate(any(), any(), any(), any(), any(), any())).thenReturn(EVALUATED);
    when(report.writeReport(any(), any())).thenReturn(REPORT);
    when(a100.pretrain(any(), any(), any())).thenReturn(PRETRAINED);
  }

  @Test
  void aCompletedRunTellsEachWebhookThatWantsItsBestMetricUnderAStableDeliveryId() {
    String spec = NO_SWEEP + """
        notify:
          - {url: 'https://hooks.example.com/x'}
          - {url: 'https://hooks.example.com/failures', events: [failed]}
          - {url: 'https://chat.example.com/y', events: [completed, cancelled]}
        """;

    newPipeline("run-notified").run(PARSER.parse(spec));

    verify(webhooks).deliver(new RunNotification("run-notified/completed/0", "https://hooks.example.com/x",
        "run-notified", "no-sweep", "completed", null, null, "accuracy", 0.91));
    verify(webhooks).deliver(new RunNotification("run-notified/completed/2", "https://chat.example.com/y",
        "run-notified", "no-sweep", "completed", null, null, "accuracy", 0.91));
    verify(webhooks, times(2)).deliver(any());
  }

  @Test
  void aWebhookThatKeepsFailingIsGivenUpAfterItsAttemptsAndTheRunStillCompletes() {
    doThrow(new IllegalStateException("receiver answered 503")).when(webhooks).deliver(any());
    String spec = NO_SWEEP + "notify: [{url: 'https://hooks.example.com/x'}]\n";

    PipelineResult result = newPipeline("run-receiver-down").run(PARSER.parse(spec));

    assertEquals(EVALUATED.metrics(), result.evaluation().metrics());
    verify(webhooks, times(StageOptions.NOTIFY_ATTEMPTS)).deliver(any());
  }

  @Test
  void aFailedRunTellsItsWebhooksTheStageAndTheMessage() {
    String why = "dataset.uri changed while it was read; submit the run again";
    when(training.pretrain(any(), any(), any())).thenThrow(ApplicationFailure.newNonRetryableFailure(why, "X"));
    String spec = NO_SWEEP + "notify: [{url: 'https://hooks.example.com/x', events: [failed]}]\n";

    assertThrows(WorkflowFailedException.class, () -> newPipeline("run-failed-notified").run(PARSER.parse(spec)));

    verify(webhooks).deliver(new RunNotification("run-failed-notified/failed/0", "https://hooks.example.com/x",
        "run-failed-notified", "no-sweep", "failed", Stages.PRETRAIN, why, null, null));
  }

  @Test
  void aStageWithAWorkerPoolRunsOnItsQueueAndTheOthersOnTheDefaultOne() {
    String spec = NO_SWEEP + "resources: {pretrain: {taskQueue: gpu-a100}}\n";

    newPipeline("run-pools").run(PARSER.parse(spec));

    verify(a100).pretrain(any(), any(), any());
    verify(training, never()).pretrain(any(), any(), any());
    verify(training, times(2)).fineTune(any(), any(), any(), any(), any(), any());
  }

  @Test
  void aRunStartedWithTheStageAndMetricAttributesKeepsThemCurrentForTheTemporalUi() {
    testEnv.registerSearchAttribute("PipelineStage", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    testEnv.registerSearchAttribute("BestMetric", IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);
    PipelineWorkflow pipeline = testEnv.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(pipelineWorker.getTaskQueue())
            .setWorkflowId("run-attributes")
            .setTypedSearchAttributes(SearchAttributes.newBuilder()
                .set(RunSearchAttributes.STAGE, "pending").set(RunSearchAttributes.BEST_METRIC, 0.0).build())
            .build());

    pipeline.run(PARSER.parse(NO_SWEEP));

    SearchAttributes shown = testEnv.getWorkflowClient().newUntypedWorkflowStub("run-attributes").describe()
        .getTypedSearchAttributes();
    assertEquals("completed", shown.get(RunSearchAttributes.STAGE));
    assertEquals(0.91, shown.get(RunSearchAttributes.BEST_METRIC));
  }

  @Test
  void aRegressionRunWhichHasNoAccuracyShowsItsTestR2AsTheBestMetric() {
    testEnv.registerSearchAttribute("BestMetric", IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);
    when(evaluation.evaluate(any(), any(), any(), any(), any(), any())).thenReturn(FakeStageResults.of(Stages.EVALUATE,
        "comparison-json", Map.of("pretrained.mse", 2900.0, "pretrained.mae", 43.0, "pretrained.r2", 0.42), false));
    PipelineWorkflow pipeline = testEnv.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(pipelineWorker.getTaskQueue())
            .setWorkflowId("run-regression-attributes")
            .setTypedSearchAttributes(SearchAttributes.newBuilder().set(RunSearchAttributes.BEST_METRIC, 0.0).build())
            .build());

    pipeline.run(PARSER.parse(NO_SWEEP));

    assertEquals(0.42, testEnv.getWorkflowClient().newUntypedWorkflowStub("run-regression-attributes").describe()
        .getTypedSearchAttributes().get(RunSearchAttributes.BEST_METRIC));
  }

  @Test
  void stagesRunInOrderAndEachReceivesThePreviousStagesArtifacts() {
    PipelineSpec spec = PARSER.parse(NO_SWEEP);

    PipelineResult result = newPipeline("run-order").run(spec);

    RunContext run = new RunContext("run-order", "no-sweep", 42L);
    InOrder order = inOrder(dataPrep, training, evaluation);
    order.verify(dataPrep).prepareData(run, spec.dataset(), spec.prep());
    order.verify(training).pretrain(run, spec.pretrain(), DATA);
    order.verify(training).adapt(run, spec.pretrain(), spec.adapt(), DATA, PRETRAINED);
    order.verify(training).fineTune(run, spec.pretrain().encoder(), spec.adapt(), spec.fineTune(), DATA, ADAPTED);
    order.verify(training).adapt(run, spec.pretrain(), spec.adapt().unfrozen(), DATA, null);
    order.verify(training).fineTune(run, spec.pretrain().encoder(), spec.adapt().unfrozen(), spec.fineTune(), DATA,
        SCRATCH_ADAPTED);
    order.verify(evaluation).evaluate(run, spec.pretrain().encoder(), spec.adapt(), DATA,
        Map.of("pretrained", FINE_TUNED, "scratch", SCRATCH_TUNED), List.of());
    order.verifyNoMoreInteractions();
    assertEquals("run-order", result.runId());
    assertEquals(EVALUATED.metrics(), result.evaluation().metrics());
    assertEquals(Set.of("comparison-json", "report-html"), result.evaluation().artifacts().keySet(),
        "the evaluate stage carries the run report");
    verify(report).writeReport(eq(run), argThat(stages -> stages.keySet().equals(Set.of(Stages.PREPARE_DATA,
        Stages.PRETRAIN, Stages.ADAPT, Stages.FINE_TUNE, "fineTune.scratch", Stages.EVALUATE))));
  }

  @Test
  void progressAfterCompletionShowsEveryStageWithCacheHitsAndSweepSkipped() {
    PipelineWorkflow pipeline = newPipeline("run-progress");
    pipeline.run(PARSER.parse(NO_SWEEP));

    PipelineProgress progress = pipeline.progress();

    Map<String, StageProgress> stages = byName(progress);
    assertEquals(Stages.IN_ORDER, progress.stages().stream().map(StageProgress::stage).toList());
    assertNull(progress.interruptedStage());
    assertEquals("run-progress", progress.runId());
    assertEquals(StageState.SKIPPED, stages.get(Stages.SWEEP).state());
    for (String stage : Stages.IN_ORDER) {
      if (!stage.equals(Stages.SWEEP)) {
        assertEquals(StageState.COMPLETED, stages.get(stage).state(), stage);
      }
    }
    assertTrue(stages.get(Stages.PRETRAIN).cacheHit());
    assertEquals(PRETRAINED.cacheKey(), stages.get(Stages.PRETRAIN).cacheKey());
    assertEquals(PRETRAINED.metrics(), stages.get(Stages.PRETRAIN).metrics());
    assertEquals(PRETRAINED.artifacts(), stages.get(Stages.PRETRAIN).artifacts());
    assertEquals(false, stages.get(Stages.ADAPT).cacheHit());
    assertEquals(FINE_TUNED.artifacts(), stages.get(Stages.FINE_TUNE).artifacts());
  }

  @Test
  void sweepPicksTheBestTrialForFineTuneAndTheBaselineBudget() {
    StageResult slow = FakeStageResults.trained("lr-0.001", 0.71);
    StageResult fast = FakeStageResults.trained("lr-0.003", 0.84);
    when(training.fineTuneRung(any(), any(), any(), any(), anyInt(), any(), eq(ADAPTED))).thenAnswer(call -> {
      FineTuneSpec settings = call.getArgument(3);
      return settings.learningRate() == 0.003 ? fast : slow;
    });
    PipelineSpec spec = PARSER.parse(WITH_SWEEP);
    PipelineWorkflow pipeline = newPipeline("run-sweep");

    PipelineResult result = pipeline.run(spec);

    FineTuneSpec best = spec.fineTune().with("learningRate", 0.003);
    // each trial is one rung, the whole fine-tune
    int epochs = spec.fineTune().epochs();
    verify(training, times(2)).fineTuneRung(any(), any(), any(), any(), eq(epochs), any(), eq(ADAPTED));
    verify(training).fineTuneRung(any(), any(), any(), eq(spec.fineTune().with("learningRate", 0.001)), eq(epochs),
        any(), eq(ADAPTED));
    verify(training).fineTuneRung(any(), any(), any(), eq(best), eq(epochs), any(), eq(ADAPTED));
    verify(training, never()).fineTune(any(), any(), any(), any(), any(), eq(ADAPTED));
    verify(training).fineTune(any(), any(), eq(spec.adapt().unfrozen()), eq(best), any(), eq(SCRATCH_ADAPTED));
    verify(evaluation).evaluate(any(), any(), any(), any(), eq(Map.of("pretrained", fast, "scratch", SCRATCH_TUNED)),
        any());
    Map<String, StageProgress> stages = byName(result.stages());
    assertEquals(StageState.COMPLETED, stages.get(Stages.SWEEP).state());
    assertEquals(fast.metrics(), stages.get(Stages.FINE_TUNE).metrics());
    assertEquals(fast.artifacts(), stages.get(Stages.FINE_TUNE).artifacts());
  }

  @Test
  void aSweepOverTheHeadChoosesTheHeadTheBaselinesAndTheEvaluationUse() {
    StageResult narrow = FakeStageResults.trained("dropout-0.1", 0.71);
    StageResult wide = FakeStageResults.trained("dropout-0.5", 0.84);
    when(training.fineTuneRung(any(), any(), any(), any(), anyInt(), any(), eq(ADAPTED))).thenAnswer(call -> {
      AdaptSpec adapt = call.getArgument(2);
      return adapt.dropout() == 0.5 ? wide : narrow;
    });
    PipelineSpec spec = PARSER.parse(NO_SWEEP.replace("no-sweep", "head-sweep") + """
        sweep:
          parameters:
            adapt.dropout: [0.1, 0.5]
        """);

    newPipeline("run-head-sweep").run(spec);

    AdaptSpec chosen = spec.adapt().with("dropout", 0.5);
    // each trial adapts the pipeline's encoder with its own head; then the scratch baseline uses the chosen head
    verify(training).adapt(any(), eq(spec.pretrain()), eq(spec.adapt().with("dropout", 0.1)), any(), eq(PRETRAINED));
    verify(training).adapt(any(), eq(spec.pretrain()), eq(chosen), any(), eq(PRETRAINED));
    verify(training).adapt(any(), eq(spec.pretrain()), eq(chosen.unfrozen()), any(), isNull());
    verify(evaluation).evaluate(any(), eq(spec.pretrain().encoder()), eq(chosen), any(),
        eq(Map.of("pretrained", wide, "scratch", SCRATCH_TUNED)), any());
  }

  @Test
  void scratchBaselineTrainsEveryLayerWithoutPretrainedWeightsEvenWhenTheSpecFreezes() {
    PipelineSpec spec = PARSER.parse(NO_SWEEP);
    assertTrue(spec.adapt().freezeEncoder());

    newPipeline("run-scratch").run(spec);

    verify(training).adapt(any(), any(), argThat((AdaptSpec a) -> !a.freezeEncoder() && a.headHiddenUnits() == 32),
        eq(DATA), isNull());
    verify(training).adapt(any(), any(), eq(spec.adapt()), eq(DATA), eq(PRETRAINED));
    verify(training).fineTune(any(), any(), argThat((AdaptSpec a) -> !a.freezeEncoder()), any(), any(),
        eq(SCRATCH_ADAPTED));
  }

  @Test
  void linearProbeFreezesThePretrainedEncoderUnderALinearHeadWithTheBaselineBudgetAtItsOwnLearningRate() {
    StageResult probeAdapted = FakeStageResults.of(Stages.ADAPT, "probe-model");
    StageResult probeTuned = FakeStageResults.trained("probe-tuned", 0.8);
    AdaptSpec probe = new AdaptSpec(0, 0.0, true);
    when(training.adapt(any(), any(), eq(probe), any(), eq(PRETRAINED))).thenReturn(probeAdapted);
    when(training.fineTune(any(), any(), any(), any(), any(), eq(probeAdapted))).thenReturn(probeTuned);
    PipelineSpec spec = PARSER.parse(NO_SWEEP + "evaluate: {baselines: [scratch, linear-probe]}\n");

    newPipeline("run-probe").run(spec);

    RunContext run = new RunContext("run-probe", "no-sweep", 42L);
    InOrder order = inOrder(training, evaluation);
    order.verify(training).adapt(run, spec.pretrain(), spec.adapt(), DATA, PRETRAINED);
    order.verify(training).fineTune(run, spec.pretrain().encoder(), spec.adapt(), spec.fineTune(), DATA, ADAPTED);
    // the baselines train concurrently: each one's adapt precedes its fine-tune, both precede the evaluation
    InOrder scratch = inOrder(training, evaluation);
    scratch.verify(training).adapt(run, spec.pretrain(), spec.adapt().unfrozen(), DATA, null);
    scratch.verify(training).fineTune(run, spec.pretrain().encoder(), spec.adapt().unfrozen(), spec.fineTune(), DATA,
        SCRATCH_ADAPTED);
    InOrder linearProbe = inOrder(training, evaluation);
    linearProbe.verify(training).adapt(run, spec.pretrain(), probe, DATA, PRETRAINED);
    linearProbe.verify(training).fineTune(run, spec.pretrain().encoder(), probe, spec.fineTune().with("learningRate", 0.01),
        DATA, probeAdapted);
    linearProbe.verify(evaluation).evaluate(run, spec.pretrain().encoder(), spec.adapt(), DATA,
        Map.of("pretrained", FINE_TUNED, "scratch", SCRATCH_TUNED, "linear-probe", probeTuned), List.of());
    scratch.verify(evaluation).evaluate(any(), any(), any(), any(), any(), any());
    verify(training, times(3)).adapt(any(), any(), any(), any(), any());
    verify(training, times(3)).fineTune(any(), any(), any(), any(), any(), any());
  }

  @Test
  void eachBaselinesAdaptAndFineTuneAreReportedWithTheirArtifacts() {
    StageResult evaluated = withCacheKey(EVALUATED, "stages/evaluate/e1/key.json");
    when(evaluation.evaluate(any(), any(), any(), any(), any(), any())).thenReturn(evaluated);
    when(report.writeReport(any(), any())).thenReturn(withCacheKey(REPORT, "stages/report/r1/key.json"));
    PipelineWorkflow pipeline = newPipeline("run-baselines");

    PipelineResult result = pipeline.run(PARSER.parse(NO_SWEEP + "evaluate: {baselines: [scratch]}\n"));

    Map<String, StageProgress> baselines = result.baselines().stream()
        .collect(Collectors.toMap(StageProgress::stage, stage -> stage));
    assertEquals(List.of("adapt.scratch", "fineTune.scratch"), result.baselines().stream().map(StageProgress::stage)
        .toList());
    assertEquals(SCRATCH_ADAPTED.artifacts(), baselines.get("adapt.scratch").artifacts());
    assertEquals(SCRATCH_TUNED.artifacts(), baselines.get("fineTune.scratch").artifacts());
    assertEquals(StageState.COMPLETED, baselines.get("fineTune.scratch").state());
    assertEquals(result.baselines(), pipeline.progress().baselines());
    // the evaluate stage's cache key is its own; the report's is listed beside it under its own name
    assertEquals("s3://artifacts/stages/evaluate/e1/key.json", result.evaluation().artifact("cache-key").uri());
    assertEquals("s3://artifacts/stages/report/r1/key.json", result.evaluation().artifact("report-cache-key").uri());
  }

  private static StageResult withCacheKey(StageResult result, String key) {
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(result.artifacts());
    artifacts.put("cache-key", new ArtifactRef("s3://artifacts/" + key, "sha-" + key, 10, "cache-key"));
    return new StageResult(result.stage(), artifacts, result.metrics(), result.cacheHit(), result.cacheKey());
  }

  @Test
  void baselinesTrainConcurrently() {
    CountDownLatch probeStarted = new CountDownLatch(1);
    StageResult probeAdapted = FakeStageResults.of(Stages.ADAPT, "probe-model");
    AdaptSpec probe = new AdaptSpec(0, 0.0, true);
    when(training.adapt(any(), any(), eq(probe), any(), eq(PRETRAINED))).thenAnswer(call -> {
      probeStarted.countDown();
      return probeAdapted;
    });
    when(training.fineTune(any(), any(), any(), any(), any(), eq(probeAdapted)))
        .thenReturn(FakeStageResults.trained("probe-tuned", 0.8));
    // scratch's fine-tune finishes only once the probe has started: one after the other, it would wait in vain
    when(training.fineTune(any(), any(), any(), any(), any(), eq(SCRATCH_ADAPTED))).thenAnswer(call ->
        probeStarted.await(20, TimeUnit.SECONDS) ? SCRATCH_TUNED : FakeStageResults.trained("waited-alone", 0.0));

    newPipeline("run-concurrent").run(PARSER.parse(NO_SWEEP + "evaluate: {baselines: [scratch, linear-probe]}\n"));

    verify(evaluation).evaluate(any(), any(), any(), any(),
        argThat((Map<String, StageResult> models) -> SCRATCH_TUNED.equals(models.get("scratch"))), any());
  }

  @Test
  void aTextRunTokenizesInDataPrepAndComparesTheDomainAdaptedModelWithTheGeneralOne() {
    StageResult generalAdapted = FakeStageResults.of(Stages.ADAPT, "general-model");
    StageResult generalTuned = FakeStageResults.trained("general-tuned", 0.85);
    when(dataPrep.prepareText(any(), any(), any(), any())).thenReturn(DATA);
    PipelineSpec spec = PARSER.parse("""
        name: spam
        dataset: {name: spam-assassin}
        pretrain: {architecture: transformer, corpus: moby-dick}
        adapt: {continuedPretraining: {epochs: 1}}
        evaluate: {baselines: [scratch, general-pretrained]}
        """);
    AdaptSpec general = spec.adapt().withoutContinuedPretraining();
    when(training.adapt(any(), any(), eq(general), any(), eq(PRETRAINED))).thenReturn(generalAdapted);
    when(training.fineTune(any(), any(), any(), any(), any(), eq(generalAdapted))).thenReturn(generalTuned);

    newPipeline("run-text").run(spec);

    RunContext run = new RunContext("run-text", "spam", 42L);
    verify(dataPrep).prepareText(run, spec.dataset(), spec.prep(), spec.pretrain());
    verify(dataPrep, never()).prepareData(any(), any(), any());
    verify(training).adapt(run, spec.pretrain(), spec.adapt(), DATA, PRETRAINED);
    verify(training).adapt(run, spec.pretrain(), general, DATA, PRETRAINED);
    verify(training).adapt(run, spec.pretrain(), spec.adapt().unfrozen(), DATA, null);
    verify(evaluation).evaluate(run, spec.pretrain().encoder(), spec.adapt(), DATA,
        Map.of("pretrained", FINE_TUNED, "scratch", SCRATCH_TUNED, "general-pretrained", generalTuned), List.of());
  }

  @Test
  void onlyTheBaselinesTheSpecNamesAreTrained() {
    PipelineSpec spec = PARSER.parse(NO_SWEEP + "evaluate: {baselines: [linear-probe]}\n");

    newPipeline("run-probe-only").run(spec);

    verify(training, never()).adapt(any(), any(), any(), any(), isNull());
    verify(training, times(2)).adapt(any(), any(), any(), eq(DATA), eq(PRETRAINED));
    verify(evaluation).evaluate(any(), any(), any(), any(),
        argThat((Map<String, StageResult> models) -> models.keySet().equals(Set.of("pretrained", "linear-probe"))),
        any());
  }

  @Test
  void nonRetryablePretrainFailureFailsTheRunWithItsMessage() {
    String why = "pretrain.epochs 5000 is more than the GPU budget allows; lower it to at most 1000";
    when(training.pretrain(any(), any(), any())).thenThrow(ApplicationFailure.newNonRetryableFailure(why, "X"));
    PipelineWorkflow pipeline = newPipeline("run-failed");

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> pipeline.run(PARSER.parse(NO_SWEEP)));

    assertTrue(causes(e).anyMatch(t -> t instanceof ApplicationFailure app && why.equals(app.getOriginalMessage())),
        "no cause carries the activity's message: " + e);
    Map<String, StageProgress> stages = byName(pipeline.progress());
    assertEquals(StageState.COMPLETED, stages.get(Stages.PREPARE_DATA).state());
    assertEquals(StageState.FAILED, stages.get(Stages.PRETRAIN).state());
    assertEquals(why, stages.get(Stages.PRETRAIN).message());
    assertEquals(StageState.PENDING, stages.get(Stages.ADAPT).state());
    assertEquals(StageState.PENDING, stages.get(Stages.EVALUATE).state());
    assertNull(pipeline.progress().interruptedStage());
    verify(training, times(1)).pretrain(any(), any(), any());
    verify(training, never()).adapt(any(), any(), any(), any(), any());
    verify(training, never()).fineTune(any(), any(), any(), any(), any(), any());
    verify(evaluation, never()).evaluate(any(), any(), any(), any(), any(), any());
  }

  @Test
  void cancellingDuringPretrainCancelsTheRunAndNamesTheInterruptedStage() throws InterruptedException {
    CountDownLatch pretrainStarted = new CountDownLatch(1);
    when(training.pretrain(any(), any(), any())).thenAnswer(call -> {
      pretrainStarted.countDown();
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < giveUp) {
        // Throws ActivityCanceledException once the workflow has asked for cancellation.
        Activity.getExecutionContext().heartbeat(null);
        TimeUnit.MILLISECONDS.sleep(20);
      }
      return PRETRAINED;
    });
    PipelineWorkflow pipeline = newPipeline("run-cancelled");
    WorkflowClient.start(pipeline::run, PARSER.parse(NO_SWEEP));
    assertTrue(pretrainStarted.await(10, TimeUnit.SECONDS), "pretrain never started");

    WorkflowStub stub = WorkflowStub.fromTyped(pipeline);
    stub.cancel();

    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> stub.getResult(10, TimeUnit.SECONDS, PipelineResult.class));
    assertInstanceOf(CanceledFailure.class, e.getCause(), "the run failed instead of being cancelled: " + e);
    PipelineProgress progress = pipeline.progress();
    assertEquals(Stages.PRETRAIN, progress.interruptedStage());
    assertEquals(StageState.CANCELLED, byName(progress).get(Stages.PRETRAIN).state());
    assertEquals(StageState.PENDING, byName(progress).get(Stages.ADAPT).state());
    verify(training, never()).adapt(any(), any(), any(), any(), any());
  }

  private PipelineWorkflow newPipeline(String workflowId) {
    return testEnv.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(pipelineWorker.getTaskQueue())
        .setWorkflowExecutionTimeout(Duration.ofHours(1))
        .build());
  }

  private static Map<String, StageProgress> byName(PipelineProgress progress) {
    return byName(progress.stages());
  }

  private static Map<String, StageProgress> byName(java.util.List<StageProgress> stages) {
    return stages.stream().collect(Collectors.toMap(StageProgress::stage, s -> s));
  }

  private static java.util.stream.Stream<Throwable> causes(Throwable e) {
    return java.util.stream.Stream.iterate(e, t -> t != null, Throwable::getCause);
  }
}
