package ai.pretrain.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void withNothingSetTheWorkerRunsInDevModeOnBothQueues() {
    WorkerConfig config = WorkerConfig.fromEnvironment(Map.of());

    assertTrue(config.devMode());
    assertEquals(List.of("pretrain-cpu", "pretrain-gpu"), config.taskQueues());
    assertEquals(1, config.trainingSlots());
    assertEquals(Duration.ofSeconds(30), config.checkpointInterval());
  }

  @Test
  void settingsComeFromTheEnvironment() {
    WorkerConfig config = WorkerConfig.fromEnvironment(Map.of("TEMPORAL_ADDRESS", "temporal:7233",
        "WORKER_TASK_QUEUES", "pretrain-gpu", "WORKER_TRAINING_SLOTS", "4", "WORKER_METRICS_PORT", "9500"));

    assertEquals("temporal:7233", config.temporalAddress());
    assertEquals(List.of("pretrain-gpu"), config.taskQueues());
    assertEquals(4, config.trainingSlots());
    assertEquals(9500, config.metricsPort());
  }

  @Test
  void badValuesNameTheVariableAndTheFix() {
    IllegalArgumentException queue = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.fromEnvironment(Map.of("WORKER_TASK_QUEUES", "gpu")));
    assertTrue(queue.getMessage().startsWith("WORKER_TASK_QUEUES: unknown task queue 'gpu'; use pretrain-cpu"),
        queue.getMessage());
    IllegalArgumentException slots = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.fromEnvironment(Map.of("WORKER_TRAINING_SLOTS", "two")));
    assertEquals("WORKER_TRAINING_SLOTS: 'two' is not a whole number", slots.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.fromEnvironment(Map.of("WORKER_TRAINING_SLOTS", "0")));
    assertEquals("WORKER_TRAINING_SLOTS: 0 is outside 1..64", range.getMessage());
  }
}
