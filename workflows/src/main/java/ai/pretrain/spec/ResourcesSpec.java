package ai.pretrain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-stage worker pools: a training stage whose entry names a task queue runs its activities there (its baselines'
 * adapt and fine-tune included); a stage without one runs on the default training queue.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourcesSpec(StageResources pretrain, StageResources adapt, StageResources fineTune) {

  /** The task queue for {@code stage} ({@code pretrain}, {@code adapt}, {@code fineTune}), or null for the default. */
  public String taskQueue(String stage) {
    StageResources resources = byStage().get(stage);
    return resources == null ? null : resources.taskQueue();
  }

  /** Every stage that names a queue, by stage name, in pipeline order. */
  public Map<String, StageResources> byStage() {
    Map<String, StageResources> stages = new LinkedHashMap<>();
    if (pretrain != null) {
      stages.put("pretrain", pretrain);
    }
    if (adapt != null) {
      stages.put("adapt", adapt);
    }
    if (fineTune != null) {
      stages.put("fineTune", fineTune);
    }
    return stages;
  }
}
