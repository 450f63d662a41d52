package ai.pretrain.worker;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.evaluation.EvaluationActivitiesImpl;
import ai.pretrain.notify.NotificationActivitiesImpl;
import ai.pretrain.pipeline.PipelineWorkflowImpl;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.report.ReportActivitiesImpl;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.ArtifactStore;
import ai.pretrain.sweep.SweepReportActivitiesImpl;
import ai.pretrain.sweep.SweepWorkflowImpl;
import ai.pretrain.sweep.TrialWorkflowImpl;
import ai.pretrain.training.TrainingActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * Registers the workflows and activities on the task queues this worker polls: workflows, data prep, evaluation and
 * webhook deliveries on the CPU queue; training on every other queue it polls (the GPU queue, or a worker pool's own
 * queue such as gpu-a100), {@code trainingSlots} activities at a time.
 */
public final class PipelineWorker {

  private PipelineWorker() {}

  public static WorkerFactory start(WorkflowClient client, WorkerConfig config, ArtifactStore store) {
    StageRunner stages = new StageRunner(store);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    if (config.taskQueues().contains(TaskQueues.CPU)) {
      Worker cpu = factory.newWorker(TaskQueues.CPU);
      cpu.registerWorkflowImplementationTypes(
          PipelineWorkflowImpl.class, SweepWorkflowImpl.class, TrialWorkflowImpl.class);
      cpu.registerActivitiesImplementations(
          new DataPrepActivitiesImpl(stages, new DatasetCatalog(config.dataRoot())),
          new EvaluationActivitiesImpl(stages), new SweepReportActivitiesImpl(stages),
          new ReportActivitiesImpl(stages), new NotificationActivitiesImpl(config.webhooks()));
    }
    for (String queue : config.taskQueues().stream().filter(q -> !q.equals(TaskQueues.CPU)).toList()) {
      Worker gpu = factory.newWorker(queue, WorkerOptions.newBuilder()
          .setMaxConcurrentActivityExecutionSize(config.trainingSlots())
          // Cancellation reaches an activity only with a heartbeat's reply; by default the SDK sends one every
          // 0.8 x the 30 s heartbeat timeout, so a cancelled run would train on for up to 24 s.
          .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
          .build());
      gpu.registerActivitiesImplementations(new TrainingActivitiesImpl(stages, config.checkpointInterval()));
    }
    factory.start();
    return factory;
  }
}
