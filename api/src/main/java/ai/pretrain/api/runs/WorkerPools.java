package ai.pretrain.api.runs;

import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The task queues a spec may route training stages to ({@code resources}): the GPU queue and the operator's worker
 * pools ({@code PRETRAIN_TASK_QUEUES}). A queue no worker pool polls would leave the stage waiting forever, so an
 * unknown one is refused at submit.
 */
@ApplicationScoped
public class WorkerPools {

  private final Set<String> queues = new LinkedHashSet<>();

  WorkerPools(@ConfigProperty(name = "pretrain.task-queues") Optional<String> queues) {
    this.queues.add(TaskQueues.GPU);
    queues.ifPresent(value -> Arrays.stream(value.split(",")).map(String::trim).filter(q -> !q.isEmpty())
        .forEach(this.queues::add));
  }

  /** Every {@code resources.<stage>.taskQueue} that names a queue off the allowlist. */
  List<Violation> violations(PipelineSpec spec) {
    List<Violation> violations = new ArrayList<>();
    if (spec.resources() == null) {
      return violations;
    }
    spec.resources().byStage().forEach((stage, resources) -> {
      if (!queues.contains(resources.taskQueue())) {
        violations.add(new Violation("resources." + stage + ".taskQueue", "'" + resources.taskQueue() + "' is not "
            + "a worker pool of this deployment; use one of " + String.join(", ", queues)
            + " (the operator lists them in PRETRAIN_TASK_QUEUES)"));
      }
    });
    return violations;
  }
}
