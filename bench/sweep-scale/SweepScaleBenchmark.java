import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.sweep.ResultsTable;
import ai.pretrain.sweep.SweepReportActivities;
import ai.pretrain.sweep.SweepRequest;
import ai.pretrain.sweep.SweepResult;
import ai.pretrain.sweep.SweepWorkflow;
import ai.pretrain.sweep.SweepWorkflowImpl;
import ai.pretrain.sweep.TrialWorkflowImpl;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sweep overhead at scale: a random search of {@code trials} one-second trials at parallelism 8, through the real
 * SweepWorkflowImpl on a real Temporal dev server, with a benchmark-only fine-tune activity that sleeps one second and
 * reports a metric computed from the trial's parameters (no training: the point is what the orchestration adds).
 * Prints the wall time against the ideal (trials x trial time / slots), where a trial's time in its slot goes, and each
 * history's size in the continue-as-new chain. Run with {@code bench/sweep-scale/run.sh}.
 */
public class SweepScaleBenchmark {

  static final long TRIAL_MILLIS = 1000;

  static final String SPEC = """
      name: sweep-scale
      seed: 42
      dataset: {name: iris}
      fineTune: {epochs: 1}
      sweep:
        method: random
        maxTrials: %d
        parallelism: %d
        trialsPerHistory: %d
        parameters:
          fineTune.learningRate: {type: loguniform, min: 1.0e-4, max: 1.0e-1}
          fineTune.weightDecay: {type: uniform, min: 0.0, max: 0.01}
      """;

  /** The benchmark's trial: sleeps one trial's time, then reports a metric that peaks at a learning rate of 1e-3. */
  public static class SleepingTraining implements TrainingActivities {
    @Override
    public StageResult pretrain(RunContext run, PretrainSpec pretrain, PreparedData data) {
      throw new UnsupportedOperationException("the benchmark's trials only fine-tune");
    }

    @Override
    public StageResult adapt(RunContext run, PretrainSpec architecture, AdaptSpec adapt, PreparedData data,
        StageResult pretrained) {
      throw new UnsupportedOperationException("the benchmark's trials only fine-tune");
    }

    @Override
    public StageResult fineTune(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        PreparedData data, StageResult adapted) {
      try {
        Thread.sleep(TRIAL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      double accuracy = 1 - Math.abs(Math.log10(fineTune.learningRate()) + 3) / 10;
      return new StageResult("fineTune", Map.of(), Map.of("validationAccuracy", accuracy), false, "bench", null);
    }

    @Override
    public StageResult fineTuneRung(RunContext run, EncoderSpec architecture, AdaptSpec adapt, FineTuneSpec fineTune,
        int untilEpoch, PreparedData data, StageResult start) {
      return fineTune(run, architecture, adapt, fineTune, data, start);
    }
  }

  /** The results table is not written anywhere: the benchmark measures the trials' orchestration. */
  public static class NoReport implements SweepReportActivities {
    @Override
    public StageResult writeResults(RunContext run, ResultsTable table) {
      return new StageResult("sweep", Map.of(), Map.of(), false, "bench", null);
    }
  }

  public static void main(String[] args) throws Exception {
    String address = args[0];
    int trials = Integer.parseInt(args[1]);
    int parallelism = Integer.parseInt(args[2]);
    int perHistory = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    PipelineSpec spec = new SpecParser().parse(String.format(Locale.ROOT, SPEC, trials, parallelism, perHistory));
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
        .setNamespace("default").build());
    // the queues of a worker process: workflows and quick activities on the CPU queue, training on the GPU queue
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker orchestration = factory.newWorker(TaskQueues.CPU, WorkerOptions.newBuilder()
        .setMaxConcurrentWorkflowTaskExecutionSize(16).build());
    orchestration.registerWorkflowImplementationTypes(SweepWorkflowImpl.class, TrialWorkflowImpl.class);
    orchestration.registerActivitiesImplementations(new NoReport());
    Worker training = factory.newWorker(TaskQueues.GPU, WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(2 * parallelism).build());
    training.registerActivitiesImplementations(new SleepingTraining());
    factory.start();

    String id = "sweep-scale-" + System.currentTimeMillis();
    RunContext run = new RunContext(id, spec.name(), spec.seed());
    StageResult adapted = new StageResult("adapt", Map.of(), Map.of(), false, "bench", null);
    PreparedData data = PreparedData.of(new StageResult("prepareData", Map.of(),
        Map.of("features", 4.0, "classes", 3.0), false, "bench", null));
    SweepWorkflow sweep = client.newWorkflowStub(SweepWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CPU).setWorkflowId(id).build());
    long start = System.nanoTime();
    SweepResult result = sweep.run(new SweepRequest(run, spec.sweep(), spec.pretrain(), spec.adapt(),
        spec.fineTune(), data, null, adapted));
    double wall = (System.nanoTime() - start) / 1e9;
    factory.shutdown();

    List<List<HistoryEvent>> histories = histories(service, id, firstRun(service, id));
    double ideal = trials * (TRIAL_MILLIS / 1000.0) / parallelism;
    StringBuilder row = new StringBuilder(String.format(Locale.ROOT,
        "RESULT trials=%d parallelism=%d per_history=%d wall=%.1f ideal=%.1f ratio=%.3f completed=%d histories=%d "
            + "max_events=%d max_bytes=%d max_carried=%d%n", trials, parallelism, perHistory, wall, ideal,
        wall / ideal, result.trials().stream().filter(t -> t.metric() != null).count(), histories.size(),
        histories.stream().mapToLong(List::size).max().orElse(0),
        histories.stream().mapToLong(SweepScaleBenchmark::bytes).max().orElse(0),
        histories.stream().mapToLong(SweepScaleBenchmark::carried).max().orElse(0)));
    row.append(breakdown(service, histories, (wall * parallelism - trials * TRIAL_MILLIS / 1000.0) / trials));
    for (int i = 0; i < histories.size(); i++) {
      row.append(String.format(Locale.ROOT, "HISTORY %d events=%d bytes=%d carried_in=%d%n", i + 1,
          histories.get(i).size(), bytes(histories.get(i)), carried(histories.get(i))));
    }
    Files.writeString(out, row);
    System.out.print(row);
    service.shutdown();
  }

  /**
   * Where a trial's time in its slot goes beyond its one second, in means over every rung (ms): from the sweep's
   * command that launches the rung to its fine-tune activity being scheduled (a child workflow's start and first
   * workflow task; nothing when the sweep schedules the activity itself), the activity's dispatch, its run beyond the
   * sleep (the completion RPC), from its completion to the sweep's history recording the rung as done (the child's
   * last workflow task and completion), and from there to the end of the sweep's workflow task that acts on it and
   * launches the next rung; that task split into its wait for the task before it, its dispatch and its run (the worker
   * and the server's write).
   */
  static String breakdown(WorkflowServiceStubs service, List<List<HistoryEvent>> histories, double slotOverhead) {
    double[] sums = new double[8];
    int rungs = 0;
    int sweepTasks = 0;
    int childTasks = 0;
    for (List<HistoryEvent> events : histories) {
      for (HistoryEvent e : events) {
        if (e.hasWorkflowTaskCompletedEventAttributes()) {
          sweepTasks++;
        }
      }
      for (int i = 0; i < events.size(); i++) {
        HistoryEvent e = events.get(i);
        long launched;
        long scheduled;
        long started;
        long completed;
        long seen;
        if (e.hasChildWorkflowExecutionCompletedEventAttributes()) {
          var child = e.getChildWorkflowExecutionCompletedEventAttributes();
          List<HistoryEvent> childEvents = histories(service, child.getWorkflowExecution().getWorkflowId(),
              child.getWorkflowExecution().getRunId()).get(0);
          childTasks += (int) childEvents.stream().filter(HistoryEvent::hasWorkflowTaskCompletedEventAttributes)
              .count();
          launched = millis(byId(events, child.getInitiatedEventId()));
          scheduled = millis(childEvents.stream().filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
              .reduce((a, b) -> b).orElseThrow());
          started = millis(childEvents.stream().filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
              .reduce((a, b) -> b).orElseThrow());
          completed = millis(childEvents.stream().filter(HistoryEvent::hasActivityTaskCompletedEventAttributes)
              .reduce((a, b) -> b).orElseThrow());
          seen = millis(e);
        } else if (e.hasActivityTaskCompletedEventAttributes()) {
          var activity = e.getActivityTaskCompletedEventAttributes();
          HistoryEvent schedule = byId(events, activity.getScheduledEventId());
          if (!rungActivity(schedule)) {
            continue;
          }
          launched = millis(schedule);
          scheduled = launched;
          started = millis(byId(events, activity.getStartedEventId()));
          completed = millis(e);
          seen = completed;
        } else {
          continue;
        }
        HistoryEvent acted = events.subList(i, events.size()).stream()
            .filter(HistoryEvent::hasWorkflowTaskCompletedEventAttributes).findFirst().orElse(null);
        if (acted == null) {
          continue;
        }
        sums[0] += scheduled - launched;
        sums[1] += started - scheduled;
        sums[2] += completed - started - TRIAL_MILLIS;
        sums[3] += seen - completed;
        sums[4] += millis(acted) - seen;
        var task = acted.getWorkflowTaskCompletedEventAttributes();
        long taskScheduled = millis(byId(events, task.getScheduledEventId()));
        long taskStarted = millis(byId(events, task.getStartedEventId()));
        sums[5] += Math.max(0, taskScheduled - seen);
        sums[6] += taskStarted - Math.max(taskScheduled, seen);
        sums[7] += millis(acted) - taskStarted;
        rungs++;
      }
    }
    // Between histories: the drain (no new rung while the last ones finish) and the hand-over to the next history.
    double drain = 0;
    double handover = 0;
    for (int h = 0; h + 1 < histories.size(); h++) {
      List<HistoryEvent> events = histories.get(h);
      drain += millis(events.get(events.size() - 1)) - millis(events.stream().filter(SweepScaleBenchmark::launch)
          .reduce((a, b) -> b).orElseThrow());
      handover += millis(histories.get(h + 1).stream().filter(SweepScaleBenchmark::launch).findFirst().orElseThrow())
          - millis(events.get(events.size() - 1));
    }
    int n = Math.max(1, rungs);
    int transitions = Math.max(1, histories.size() - 1);
    return String.format(Locale.ROOT, "BREAKDOWN rungs=%d slot_overhead_ms=%.1f launch_to_scheduled_ms=%.1f "
            + "dispatch_ms=%.1f activity_beyond_work_ms=%.1f completion_to_sweep_ms=%.1f sweep_task_ms=%.1f "
            + "sweep_task_waits_ms=%.1f sweep_task_dispatch_ms=%.1f sweep_task_run_ms=%.1f "
            + "sweep_workflow_tasks=%d child_workflow_tasks=%d drain_ms=%.0f handover_ms=%.0f%n", rungs,
        slotOverhead * 1000, sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n,
        sums[6] / n, sums[7] / n, sweepTasks, childTasks, drain / transitions, handover / transitions);
  }

  /** The sweep's command that starts a rung: a child workflow, or its fine-tune activity. */
  static boolean launch(HistoryEvent e) {
    return e.hasStartChildWorkflowExecutionInitiatedEventAttributes()
        || (e.hasActivityTaskScheduledEventAttributes() && rungActivity(e));
  }

  /** A rung's fine-tune activity: FineTuneRung, or FineTune in sweeps from before rungs resumed training. */
  static boolean rungActivity(HistoryEvent scheduled) {
    String type = scheduled.getActivityTaskScheduledEventAttributes().getActivityType().getName();
    return type.equals("FineTuneRung") || type.equals("FineTune");
  }

  static HistoryEvent byId(List<HistoryEvent> events, long id) {
    return events.stream().filter(e -> e.getEventId() == id).findFirst().orElseThrow();
  }

  static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }

  /** Bytes of the history's input: the request and what the history before it carried over. */
  static long carried(List<HistoryEvent> events) {
    return events.get(0).getWorkflowExecutionStartedEventAttributes().getInput().getSerializedSize();
  }

  static long bytes(List<HistoryEvent> events) {
    return events.stream().mapToLong(HistoryEvent::getSerializedSize).sum();
  }

  /** The events of every history in a continue-as-new chain from {@code runId}, first to last. */
  static List<List<HistoryEvent>> histories(WorkflowServiceStubs service, String workflowId, String runId) {
    List<List<HistoryEvent>> chain = new ArrayList<>();
    while (runId != null) {
      List<HistoryEvent> events = new ArrayList<>();
      String next = null;
      com.google.protobuf.ByteString page = com.google.protobuf.ByteString.EMPTY;
      do {
        GetWorkflowExecutionHistoryResponse response = service.blockingStub().getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                .setNextPageToken(page).build());
        for (HistoryEvent event : response.getHistory().getEventsList()) {
          events.add(event);
          if (event.hasWorkflowExecutionContinuedAsNewEventAttributes()) {
            next = event.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
          }
        }
        page = response.getNextPageToken();
      } while (!page.isEmpty());
      chain.add(events);
      runId = next;
    }
    return chain;
  }

  /** The first run of the chain: the one whose start names no continued-from run. */
  static String firstRun(WorkflowServiceStubs service, String workflowId) {
    var response = service.blockingStub().listClosedWorkflowExecutions(
        io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace("default")
            .setExecutionFilter(io.temporal.api.filter.v1.WorkflowExecutionFilter.newBuilder()
                .setWorkflowId(workflowId)).setMaximumPageSize(1000).build());
    return response.getExecutionsList().stream().min(java.util.Comparator.comparing(e -> e.getStartTime().getSeconds()
        * 1_000_000_000L + e.getStartTime().getNanos())).map(e -> e.getExecution().getRunId()).orElseThrow();
  }
}
