import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.RunSearchAttributes;
import ai.pretrain.pipeline.StageOptions;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TaskQueues;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Orchestration overhead on a real Temporal server: how long a pipeline spends per stage beyond the stage's own work.
 *
 * <p>{@code noop ADDRESS LABEL STAGES WORK_MS RUNS OUT [stage-attribute]}: registers a workflow of STAGES no-op
 * stages, each waiting WORK_MS, on the platform's task queues with the platform's {@link StageOptions} (QUICK and
 * TRAINING alternating as in the pipeline: prepare data, three training stages, evaluate) and the worker options
 * {@code PipelineWorker} gives each queue (with {@code stage-attribute}, started with the PipelineStage search
 * attribute and upserting it before each stage, as the pipeline does), runs it RUNS times after one warm-up run, and
 * writes rows of a markdown table to OUT. A stage's overhead is the time from the previous stage's
 * ActivityTaskCompleted event (or WorkflowExecutionStarted) to its own ActivityTaskCompleted, less the time the
 * activity itself measured for its work; the breakdown splits it into the workflow task that scheduled the stage
 * (its dispatch, scheduled to started, and its run, started to completed: the worker and the server's write), the
 * activity's dispatch (scheduled to started) and its round trip (started to completed, less its work).
 *
 * <p>{@code history ADDRESS WORKFLOW_ID LABEL OUT}: the same analysis of a real pipeline run, and its wall time over the sum
 * of its activities' execution (started to completed) times.
 */
public class OrchestrationBench {

  /** The stage kinds of the pipeline, in order: prepareData, pretrain, adapt, fineTune, evaluate. */
  static final boolean[] TRAINING_PATTERN = {false, true, true, true, false};

  @ActivityInterface
  public interface NoOpStages {
    @ActivityMethod
    StageResult quickStage(RunContext run, int index, int workMs, StageResult previous);

    @ActivityMethod
    StageResult trainingStage(RunContext run, int index, int workMs, StageResult previous);
  }

  /**
   * Waits {@code workMs} (0: returns at once), standing in for a stage's work without using the CPU the server and
   * the worker need, and returns a StageResult of the pipeline's usual shape with the nanoseconds it spent as a metric.
   */
  public static class NoOpStagesImpl implements NoOpStages {
    @Override
    public StageResult quickStage(RunContext run, int index, int workMs, StageResult previous) {
      return result(System.nanoTime(), workMs, "quick", run, index);
    }

    @Override
    public StageResult trainingStage(RunContext run, int index, int workMs, StageResult previous) {
      return result(System.nanoTime(), workMs, "training", run, index);
    }

    private static StageResult result(long started, int workMs, String kind, RunContext run, int index) {
      if (workMs > 0) {
        try {
          Thread.sleep(workMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
      for (String name : List.of("model", "checkpoint", "cache-key")) {
        String key = "stages/" + kind + "-" + index + "/0123456789abcdef/" + name;
        artifacts.put(name, new ArtifactRef("s3://bench/" + key, "0".repeat(64), 1234567, name));
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("loss", 0.25);
      metrics.put("workNanos", (double) (System.nanoTime() - started));
      return new StageResult(kind + "-" + index, artifacts, metrics, false, "0123456789abcdef", null);
    }
  }

  @WorkflowInterface
  public interface NoOpPipeline {
    @WorkflowMethod
    List<Double> run(int stages, int workMs);
  }

  public static class NoOpPipelineImpl implements NoOpPipeline {
    private final NoOpStages quick = Workflow.newActivityStub(NoOpStages.class, StageOptions.QUICK);
    private final NoOpStages training = Workflow.newActivityStub(NoOpStages.class, StageOptions.TRAINING);

    @Override
    public List<Double> run(int stages, int workMs) {
      RunContext run = new RunContext(Workflow.getInfo().getWorkflowId(), "bench-noop", 42);
      // as PipelineWorkflowImpl.showStage: a run started with PipelineStage names each stage as it starts
      boolean showsStage = Workflow.getTypedSearchAttributes().containsKey(RunSearchAttributes.STAGE);
      StageResult previous = null;
      List<Double> workNanos = new ArrayList<>();
      for (int i = 0; i < stages; i++) {
        boolean trains = TRAINING_PATTERN[i % TRAINING_PATTERN.length];
        if (showsStage) {
          String stage = (trains ? "training-" : "quick-") + i;
          Workflow.upsertTypedSearchAttributes(RunSearchAttributes.STAGE.valueSet(stage));
        }
        previous = trains ? training.trainingStage(run, i, workMs, previous)
            : quick.quickStage(run, i, workMs, previous);
        workNanos.add(previous.metrics().get("workNanos"));
      }
      return workNanos;
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    // The SDK's own timers, as the platform's worker reports them, to split the workflow task's time.
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Scope metrics = new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(args[1]).setMetricsScope(metrics).build());
    WorkflowClient client = WorkflowClient.newInstance(service);
    try {
      if (mode.equals("noop")) {
        noop(client, registry, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
            Integer.parseInt(args[5]), Path.of(args[6]), args.length > 7 && args[7].equals("stage-attribute"));
      } else if (mode.equals("history")) {
        history(client, args[2], args[3], Path.of(args[4]));
      } else {
        throw new IllegalArgumentException("mode must be noop or history, not " + mode);
      }
    } finally {
      service.shutdown();
      service.awaitTermination(5, TimeUnit.SECONDS);
      metrics.close();
    }
  }

  static void noop(WorkflowClient client, SimpleMeterRegistry registry, String label, int stages, int workMs,
      int runs, Path out, boolean showsStage) throws IOException {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    // The options PipelineWorker gives each queue, so dispatch and slots behave as in the platform's worker.
    Worker cpu = factory.newWorker(TaskQueues.CPU);
    cpu.registerWorkflowImplementationTypes(NoOpPipelineImpl.class);
    cpu.registerActivitiesImplementations(new NoOpStagesImpl());
    Worker gpu = factory.newWorker(TaskQueues.GPU, WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(1)
        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
        .build());
    gpu.registerActivitiesImplementations(new NoOpStagesImpl());
    factory.start();

    StageStats quickStats = new StageStats();
    StageStats trainingStats = new StageStats();
    StageStats all = new StageStats();
    List<Double> runOverheadPerStage = new ArrayList<>();
    List<Double> firstTaskDispatch = new ArrayList<>();
    try {
      for (int r = -1; r < runs; r++) {
        String id = "bench-noop-" + System.currentTimeMillis() + "-" + (r + 1);
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.CPU);
        if (showsStage) {
          options.setTypedSearchAttributes(SearchAttributes.newBuilder().set(RunSearchAttributes.STAGE, "").build());
        }
        NoOpPipeline pipeline = client.newWorkflowStub(NoOpPipeline.class, options.build());
        long started = System.nanoTime();
        List<Double> work = pipeline.run(stages, workMs);
        double wallMs = (System.nanoTime() - started) / 1e6;
        if (r < 0) {
          System.err.printf(Locale.ROOT, "%s: warm-up run %s: %.0f ms for %d stages%n", label, id, wallMs, stages);
          registry.clear();
          continue;
        }
        Analysis analysis = Analysis.of(history(client, id));
        for (int i = 0; i < analysis.stages.size(); i++) {
          Stage stage = analysis.stages.get(i).withWork(work.get(i) / 1e6);
          (TRAINING_PATTERN[i % TRAINING_PATTERN.length] ? trainingStats : quickStats).add(stage);
          all.add(stage);
        }
        double totalWork = work.stream().mapToDouble(w -> w / 1e6).sum();
        runOverheadPerStage.add((analysis.wallMs - totalWork) / stages);
        firstTaskDispatch.add(analysis.stages.get(0).taskDispatch);
        System.err.printf(Locale.ROOT, "%s: run %s: client wall %.0f ms, history wall %.0f ms, %d stages%n", label,
            id, wallMs, analysis.wallMs, stages);
      }
    } finally {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }

    // Rows of the results table: configuration, stage kind, then the overhead's distribution and its parts.
    String row = all.row(label, "all", median(runOverheadPerStage))
        + quickStats.row(label, "QUICK", Double.NaN)
        + trainingStats.row(label, "TRAINING", Double.NaN);
    String profile = String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n", label,
        String.join(", ", firstTaskDispatch.stream().map(ms -> String.format(Locale.ROOT, "%.0f", ms)).toList()),
        meanMs(registry, "temporal_workflow_task_schedule_to_start_latency", null),
        meanMs(registry, "temporal_workflow_task_execution_latency", null),
        meanMs(registry, "temporal_request_latency", "RespondWorkflowTaskCompleted"),
        meanMs(registry, "temporal_activity_schedule_to_start_latency", null),
        meanMs(registry, "temporal_activity_execution_latency", null) - workMs,
        meanMs(registry, "temporal_request_latency", "RespondActivityTaskCompleted"));
    Files.writeString(out, row + "PROFILE " + profile + String.format(Locale.ROOT,
        "RESULT median_ms=%.3f p99_ms=%.3f%n", all.percentile(50), all.percentile(99)));
    System.out.print(row);
  }

  static void history(WorkflowClient client, String workflowId, String label, Path out) throws IOException {
    List<HistoryEvent> events = history(client, workflowId);
    Analysis analysis = Analysis.of(events);
    StageStats stats = new StageStats();
    StringBuilder md = new StringBuilder();
    md.append("| # | activity | queue | started to completed ms | overhead before it ms | workflow task dispatch ms "
        + "| workflow task run ms | activity dispatch ms |\n| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    double sumActivity = 0;
    for (int i = 0; i < analysis.stages.size(); i++) {
      // Activity execution time as the history records it; the round trip of a real stage is part of its work.
      Stage stage = analysis.stages.get(i);
      Stage counted = stage.withWork(stage.startToClose);
      stats.add(counted);
      sumActivity += stage.startToClose;
      md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.0f | %.1f | %.1f | %.1f | %.1f |%n", i + 1,
          stage.type, stage.queue, stage.startToClose, counted.overhead(), stage.taskDispatch, stage.workflowTask,
          stage.dispatch));
    }
    double ratio = analysis.wallMs / sumActivity;
    // The wait for the first activity to start is the run's start-up, apart from what each stage costs after it.
    double afterStart = analysis.wallMs - stats.overhead.get(0);
    md.append(String.format(Locale.ROOT, "%nWorkflow %s: wall (WorkflowExecutionStarted to Completed) %.0f ms, "
            + "sum of activity execution %.0f ms, ratio %.4f; orchestration %.0f ms in all over %d activities "
            + "(per activity median %.1f ms, max %.1f ms); from the first activity's start to the end, ratio %.4f.%n",
        workflowId, analysis.wallMs, sumActivity, ratio, analysis.wallMs - sumActivity, analysis.stages.size(),
        stats.percentile(50), stats.percentile(100), afterStart / sumActivity));
    md.append(String.format(Locale.ROOT, "%nRESULT %s wall_ms=%.0f activity_ms=%.0f after_start_ratio=%.5f ratio=%.5f%n",
        label, analysis.wallMs, sumActivity, afterStart / sumActivity, ratio));
    Files.writeString(out, md.toString());
    System.out.print(md);
  }

  static List<HistoryEvent> history(WorkflowClient client, String workflowId) {
    return client.fetchHistory(workflowId).getHistory().getEventsList();
  }

  /** One activity as the history shows it; times in milliseconds. */
  record Stage(String type, String queue, double interval, double taskDispatch, double workflowTask, double dispatch,
      double startToClose, double work) {

    Stage withWork(double workMs) {
      return new Stage(type, queue, interval, taskDispatch, workflowTask, dispatch, startToClose, workMs);
    }

    double overhead() {
      return interval - work;
    }
  }

  /** The activities of a history in completion order, each with the time since the one before it completed. */
  record Analysis(List<Stage> stages, double wallMs) {

    static Analysis of(List<HistoryEvent> events) {
      Map<Long, HistoryEvent> byId = new HashMap<>();
      Map<Long, HistoryEvent> startedBySchedule = new HashMap<>();
      events.forEach(e -> byId.put(e.getEventId(), e));
      for (HistoryEvent e : events) {
        if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
          startedBySchedule.put(e.getActivityTaskStartedEventAttributes().getScheduledEventId(), e);
        }
      }
      double start = millis(events.get(0));
      double previousEnd = start;
      double end = start;
      List<Stage> stages = new ArrayList<>();
      for (HistoryEvent e : events) {
        if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
          long scheduledId = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
          HistoryEvent scheduled = byId.get(scheduledId);
          HistoryEvent started = startedBySchedule.get(scheduledId);
          var attributes = scheduled.getActivityTaskScheduledEventAttributes();
          HistoryEvent taskCompleted = byId.get(attributes.getWorkflowTaskCompletedEventId());
          var task = taskCompleted.getWorkflowTaskCompletedEventAttributes();
          double taskScheduled = millis(byId.get(task.getScheduledEventId()));
          double taskStarted = millis(byId.get(task.getStartedEventId()));
          double completed = millis(e);
          stages.add(new Stage(attributes.getActivityType().getName(), attributes.getTaskQueue().getName(),
              completed - previousEnd, taskStarted - taskScheduled, millis(taskCompleted) - taskStarted,
              millis(started) - millis(scheduled), completed - millis(started), 0));
          previousEnd = completed;
        }
        if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
          end = millis(e);
        }
      }
      return new Analysis(stages, end - start);
    }

    private static double millis(HistoryEvent e) {
      return e.getEventTime().getSeconds() * 1e3 + e.getEventTime().getNanos() / 1e6;
    }
  }

  static final class StageStats {
    final List<Double> overhead = new ArrayList<>();
    final List<Double> taskDispatch = new ArrayList<>();
    final List<Double> workflowTask = new ArrayList<>();
    final List<Double> dispatch = new ArrayList<>();
    final List<Double> roundTrip = new ArrayList<>();

    void add(Stage stage) {
      overhead.add(stage.overhead());
      taskDispatch.add(stage.taskDispatch);
      workflowTask.add(stage.workflowTask);
      dispatch.add(stage.dispatch);
      roundTrip.add(stage.startToClose - stage.work);
    }

    double percentile(double p) {
      return OrchestrationBench.percentile(overhead, p);
    }

    String row(String label, String kind, double wholeRun) {
      return String.format(Locale.ROOT,
          "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n",
          label, kind, overhead.size(), percentile(50), percentile(90), percentile(99), percentile(100),
          median(taskDispatch), median(workflowTask), median(dispatch), median(roundTrip),
          Double.isNaN(wholeRun) ? "" : String.format(Locale.ROOT, "%.1f", wholeRun));
    }
  }

  /** Mean of an SDK timer over the measured runs, all tags together unless an {@code operation} is named. */
  static double meanMs(SimpleMeterRegistry registry, String name, String operation) {
    var search = registry.find(name);
    if (operation != null) {
      search = search.tag("operation", operation);
    }
    long count = 0;
    double total = 0;
    for (Timer timer : search.timers()) {
      count += timer.count();
      total += timer.totalTime(TimeUnit.MILLISECONDS);
    }
    return count == 0 ? Double.NaN : total / count;
  }

  static double median(List<Double> values) {
    return percentile(values, 50);
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> values, double p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
