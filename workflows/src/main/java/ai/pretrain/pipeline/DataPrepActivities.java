package ai.pretrain.pipeline;

import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.PrepSpec;
import io.temporal.activity.ActivityInterface;

/** Turns a raw dataset into normalized, split, sharded artifacts. */
@ActivityInterface
public interface DataPrepActivities {

  /**
   * Artifacts: {@code train-NNN} shards of the training split (labels unused by pretraining), {@code labeled} (the labeled fraction of it),
   * {@code validation} and {@code test}. Metrics: {@code features}, {@code classes} and example counts.
   */
  StageResult prepareData(RunContext run, DatasetSpec dataset, PrepSpec prep);
}
