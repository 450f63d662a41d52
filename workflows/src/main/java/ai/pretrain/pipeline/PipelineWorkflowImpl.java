package ai.pretrain.pipeline;

import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EvaluateSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.NotifySpec;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.sweep.SweepRequest;
import ai.pretrain.sweep.SweepResult;
import ai.pretrain.sweep.SweepWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** Runs the stages of a pipeline in order, passing artifact references from one to the next. */
public class PipelineWorkflowImpl implements PipelineWorkflow {

  private static final Logger log = Workflow.getLogger(PipelineWorkflowImpl.class);
  private static final String ACCURACY = "pretrained.accuracy";
  private static final String R2 = "pretrained.r2";

  private final DataPrepActivities dataPrep = Workflow.newActivityStub(DataPrepActivities.class, StageOptions.QUICK);
  private final EvaluationActivities evaluation =
      Workflow.newActivityStub(EvaluationActivities.class, StageOptions.QUICK);

  private final Map<String, StageProgress> stages = new LinkedHashMap<>();
  /** Each baseline's adapt and fine-tune, as {@code adapt.<baseline>} and {@code fineTune.<baseline>}. */
  private final Map<String, StageProgress> baselines = new LinkedHashMap<>();
  private String runId;
  private String interruptedStage;
  private boolean tracksStage;
  private boolean tracksBestMetric;
  private PipelineSpec spec;

  public PipelineWorkflowImpl() {
    Stages.IN_ORDER.forEach(stage -> stages.put(stage, StageProgress.pending(stage)));
  }

  /**
   * Runs the stages, then tells the spec's webhooks how the run ended: completed with its best metric, or failed or
   * cancelled with the stage and the message.
   */
  @Override
  public PipelineResult run(PipelineSpec spec) {
    this.spec = spec;
    runId = Workflow.getInfo().getWorkflowId();
    RunNotifications notifications = new RunNotifications(spec.notifications());
    PipelineResult result;
    try {
      result = runStages(spec);
    } catch (TemporalFailure e) {
      boolean cancelled = Failures.isCancellation(e);
      String stage = interruptedStage != null ? interruptedStage : stages.values().stream()
          .filter(p -> p.state() == StageState.FAILED).map(StageProgress::stage).findFirst().orElse(null);
      notifications.send(new RunNotification(null, null, runId, spec.name(),
          cancelled ? NotifySpec.CANCELLED : NotifySpec.FAILED, stage, Failures.rootMessage(e), null, null));
      throw e;
    }
    String metric = result.evaluation().metrics().containsKey(ACCURACY) ? ACCURACY : R2;
    notifications.send(new RunNotification(null, null, runId, spec.name(), NotifySpec.COMPLETED, null, null,
        metric.replace("pretrained.", ""), result.evaluation().metrics().get(metric)));
    return result;
  }

  private PipelineResult runStages(PipelineSpec spec) {
    RunContext run = new RunContext(runId, spec.name(), spec.seed(), spec.rerun());
    boolean searchAttributes =
        Workflow.getVersion("run-search-attributes", Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    tracksStage = searchAttributes && Workflow.getTypedSearchAttributes().containsKey(RunSearchAttributes.STAGE);
    tracksBestMetric =
        searchAttributes && Workflow.getTypedSearchAttributes().containsKey(RunSearchAttributes.BEST_METRIC);

    // runs with pretrain.data or pretrain.from (new fields, so in no older history) call their own activities
    PreparedData data = stage(Stages.PREPARE_DATA, () -> spec.pretrain().importsCheckpoint()
        ? dataPrep.prepareCheckpointText(run, spec.dataset(), spec.prep(), spec.pretrain().from(),
            spec.fineTune().sequenceLength())
        : spec.pretrain().usesTransformer()
        ? dataPrep.prepareText(run, spec.dataset(), spec.prep(), spec.pretrain())
        : spec.pretrain().data() != null
            ? dataPrep.prepareWithPretrainingData(run, spec.dataset(), spec.prep(), spec.pretrain())
            : dataPrep.prepareData(run, spec.dataset(), spec.prep()), PreparedData::result);
    StageResult pretrained =
        stage(Stages.PRETRAIN, () -> training(Stages.PRETRAIN).pretrain(run, spec.pretrain(), data));
    StageResult adapted = stage(Stages.ADAPT,
        () -> training(Stages.ADAPT).adapt(run, spec.pretrain(), spec.adapt(), data, pretrained));

    FineTuneSpec fineTune = spec.fineTune();
    PretrainSpec architecture = spec.pretrain();
    AdaptSpec adapt = spec.adapt();
    StageResult fineTuned;
    if (spec.hasSweep()) {
      SweepResult sweep = sweep(spec, run, data, pretrained, adapted);
      fineTune = sweep.bestFineTune();
      // a sweep over adapt or pretrain fields may have chosen another head or encoder than the spec's
      architecture = sweep.bestArchitecture() == null ? architecture : sweep.bestArchitecture();
      adapt = sweep.bestAdapt() == null ? adapt : sweep.bestAdapt();
      fineTuned = stage(Stages.FINE_TUNE, sweep::best);
    } else {
      skip(Stages.SWEEP, "no sweep in the spec");
      FineTuneSpec chosen = fineTune;
      fineTuned = stage(Stages.FINE_TUNE,
          () -> training(Stages.FINE_TUNE)
              .fineTune(run, spec.pretrain().encoder(), spec.adapt(), chosen, data, adapted));
    }

    FineTuneSpec baselineBudget = fineTune;
    PretrainSpec chosenArchitecture = architecture;
    AdaptSpec chosenAdapt = adapt;
    StageResult evaluated = stage(Stages.EVALUATE, () -> {
      Map<String, StageResult> models = new LinkedHashMap<>();
      models.put(EvaluateSpec.PRETRAINED, fineTuned);
      models.putAll(trainBaselines(run, spec.evaluate(), data, pretrained, chosenArchitecture, chosenAdapt,
          baselineBudget));
      StageResult scores =
          evaluation.evaluate(run, chosenArchitecture.encoder(), chosenAdapt, data, models, spec.evaluate().metrics());
      if (Workflow.getVersion("run-report", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
        return scores;
      }
      return withReport(run, scores, models);
    });
    showStage("completed");
    // A classification run shows its test accuracy; a regression run, which has none, its test R².
    Double best = evaluated.metrics().getOrDefault(ACCURACY, evaluated.metrics().get(R2));
    if (tracksBestMetric && best != null) {
      Workflow.upsertTypedSearchAttributes(RunSearchAttributes.BEST_METRIC.valueSet(best));
    }
    log.info("run {} finished: {}", runId, evaluated.metrics());
    return new PipelineResult(runId, List.copyOf(stages.values()), evaluated, List.copyOf(baselines.values()));
  }

  /**
   * Each baseline adapted and fine-tuned on the same labels and budget as the pretrained model (the linear probe at
   * its own learning rate, {@link EvaluateSpec#fineTuneOf}): scratch from a random
   * encoder, the linear probe from the pretrained one frozen, the general-pretrained model from the pretrained one
   * without continued pretraining ({@link EvaluateSpec#adaptOf}). They do not depend on each other, so they train
   * concurrently where the workers have slots; runs recorded before that trained them one after another.
   */
  private Map<String, StageResult> trainBaselines(RunContext run, EvaluateSpec evaluate, PreparedData data,
      StageResult pretrained, PretrainSpec architecture, AdaptSpec adapt, FineTuneSpec budget) {
    boolean concurrent =
        Workflow.getVersion("concurrent-baselines", Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    Map<String, Promise<StageResult>> trained = new LinkedHashMap<>();
    for (String baseline : evaluate.baselines()) {
      AdaptSpec head = EvaluateSpec.adaptOf(baseline, adapt);
      StageResult encoder = baseline.equals(EvaluateSpec.SCRATCH) ? null : pretrained;
      FineTuneSpec fineTune = evaluate.fineTuneOf(baseline, budget);
      String adaptStage = Stages.ADAPT + "." + baseline;
      String fineTuneStage = Stages.FINE_TUNE + "." + baseline;
      baselines.put(adaptStage, StageProgress.pending(adaptStage));
      baselines.put(fineTuneStage, StageProgress.pending(fineTuneStage));
      // The same activities in the same order as before; only the bookkeeping around them is new.
      Functions.Func<StageResult> train = () -> {
        StageResult adapted = tracked(baselines, adaptStage,
            () -> training(Stages.ADAPT).adapt(run, architecture, head, data, encoder), Function.identity());
        return tracked(baselines, fineTuneStage,
            () -> training(Stages.FINE_TUNE).fineTune(run, architecture.encoder(), head, fineTune, data, adapted),
            Function.identity());
      };
      trained.put(baseline, concurrent ? Async.function(train) : Workflow.newPromise(train.apply()));
    }
    Promise.allOf(trained.values()).get();
    Map<String, StageResult> models = new LinkedHashMap<>();
    trained.forEach((baseline, model) -> models.put(baseline, model.get()));
    return models;
  }

  /**
   * The evaluate stage's result with the run report added: every stage so far and each baseline's training curves.
   * A run whose models are trained and scored does not fail for want of its report.
   */
  private StageResult withReport(RunContext run, StageResult scores, Map<String, StageResult> models) {
    Map<String, StageResult> shown = new LinkedHashMap<>();
    stages.values().stream().filter(p -> p.state() == StageState.COMPLETED).forEach(p -> shown.put(p.stage(),
        new StageResult(p.stage(), p.artifacts(), p.metrics(), p.cacheHit(), p.cacheKey())));
    models.forEach((model, result) -> {
      if (!model.equals(EvaluateSpec.PRETRAINED)) {
        shown.put(Stages.FINE_TUNE + "." + model, result);
      }
    });
    shown.put(Stages.EVALUATE, scores);
    try {
      StageResult report =
          Workflow.newActivityStub(ReportActivities.class, StageOptions.REPORT).writeReport(run, shown);
      var artifacts = new LinkedHashMap<>(scores.artifacts());
      // The report has a cache key of its own; the evaluate stage's cache-key stays the evaluation's.
      report.artifacts().forEach((name, ref) ->
          artifacts.put(scores.artifacts().containsKey(name) ? Artifacts.REPORT_PREFIX + name : name, ref));
      return new StageResult(scores.stage(), artifacts, scores.metrics(), scores.cacheHit(), scores.cacheKey(),
          scores.cacheNote());
    } catch (TemporalFailure e) {
      if (Failures.isCancellation(e)) {
        throw e;
      }
      log.warn("run {}: no report: {}", runId, Failures.rootMessage(e));
      return scores;
    }
  }

  @Override
  public PipelineProgress progress() {
    return new PipelineProgress(runId, new ArrayList<>(stages.values()), interruptedStage,
        new ArrayList<>(baselines.values()));
  }

  private SweepResult sweep(PipelineSpec spec, RunContext run, PreparedData data, StageResult pretrained,
      StageResult adapted) {
    SweepWorkflow child = Workflow.newChildWorkflowStub(SweepWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(runId + "-sweep")
        .setTaskQueue(TaskQueues.CPU)
        .build());
    SweepRequest request =
        new SweepRequest(run, spec.sweep(), spec.pretrain(), spec.adapt(), spec.fineTune(), data, pretrained, adapted);
    // The sweep stage shows the best model, the results tables, the best metric and the trial-epochs spent.
    return stage(Stages.SWEEP, () -> child.run(request), SweepResult::summary);
  }

  /**
   * The training activities of {@code stage} on the spec's worker pool for it ({@code resources}), else on the GPU
   * queue. Only the task queue differs, so histories of runs without {@code resources} replay unchanged.
   */
  private TrainingActivities training(String stage) {
    return Workflow.newActivityStub(TrainingActivities.class, ActivityOptions.newBuilder(StageOptions.TRAINING)
        .setTaskQueue(spec.taskQueue(stage, TaskQueues.GPU))
        .build());
  }

  /** The run's {@code PipelineStage} search attribute, where it was started with one. */
  private void showStage(String stage) {
    if (tracksStage) {
      Workflow.upsertTypedSearchAttributes(RunSearchAttributes.STAGE.valueSet(stage));
    }
  }

  private StageResult stage(String name, Supplier<StageResult> work) {
    return stage(name, work, Function.identity());
  }

  private <T> T stage(String name, Supplier<T> work, Function<T, StageResult> outcome) {
    showStage(name);
    try {
      return tracked(stages, name, work, outcome);
    } catch (TemporalFailure e) {
      if (Failures.isCancellation(e)) {
        interruptedStage = name;
      }
      throw e;
    }
  }

  /** Runs one stage's work, recording in {@code progress} that it runs, then how it ended. */
  private static <T> T tracked(Map<String, StageProgress> progress, String name, Supplier<T> work,
      Function<T, StageResult> outcome) {
    progress.put(name, progress.get(name).running());
    try {
      T result = work.get();
      progress.put(name, progress.get(name).completed(outcome.apply(result)));
      return result;
    } catch (TemporalFailure e) {
      progress.put(name, Failures.isCancellation(e)
          ? progress.get(name).ended(StageState.CANCELLED, "cancelled while " + name + " was running")
          : progress.get(name).ended(StageState.FAILED, Failures.rootMessage(e)));
      throw e;
    }
  }

  private void skip(String name, String why) {
    stages.put(name, stages.get(name).ended(StageState.SKIPPED, why));
  }
}
