package ai.pretrain.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.codec.PayloadEncryption;
import io.temporal.api.common.v1.Payload;
import java.time.Duration;
import java.util.Base64;
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
        () -> WorkerConfig.fromEnvironment(Map.of("WORKER_TASK_QUEUES", "GPU A100")));
    assertTrue(queue.getMessage().startsWith("WORKER_TASK_QUEUES: 'GPU A100' is not a task queue name"),
        queue.getMessage());
    assertEquals(List.of("gpu-a100"), WorkerConfig.fromEnvironment(Map.of("WORKER_TASK_QUEUES", "gpu-a100"))
        .taskQueues(), "a worker pool of its own polls its queue for training");
    IllegalArgumentException slots = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.fromEnvironment(Map.of("WORKER_TRAINING_SLOTS", "two")));
    assertEquals("WORKER_TRAINING_SLOTS: 'two' is not a whole number", slots.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.fromEnvironment(Map.of("WORKER_TRAINING_SLOTS", "0")));
    assertEquals("WORKER_TRAINING_SLOTS: 0 is outside 1..64", range.getMessage());
    IllegalArgumentException tls = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.fromEnvironment(Map.of("TEMPORAL_ADDRESS", "temporal:7233",
            "TEMPORAL_TLS_CERT", "/etc/temporal/client.pem")));
    assertTrue(tls.getMessage().startsWith("TEMPORAL_TLS_CERT is set but TEMPORAL_TLS_KEY is not"), tls.getMessage());
  }

  @Test
  void aCodecKeyEncryptsTheWorkersPayloadsAndABadOneStopsItNamingTheVariable() {
    assertTrue(WorkerConfig.fromEnvironment(Map.of()).codecKeys().isEmpty());
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    WorkerConfig config = WorkerConfig.fromEnvironment(Map.of("PRETRAIN_CODEC_KEY", key,
        "PRETRAIN_CODEC_KEY_ID", "2025-01"));
    assertEquals(List.of("2025-01"), config.codecKeys().orElseThrow().ids());
    Payload payload = PayloadEncryption.dataConverter(config.codecKeys()).toPayload("spec").orElseThrow();
    assertEquals(PayloadEncryption.ENCODING, payload.getMetadataOrThrow("encoding").toStringUtf8());

    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> WorkerConfig.fromEnvironment(Map.of("PRETRAIN_CODEC_KEY", "c2hvcnQ=")));
    assertTrue(bad.getMessage().startsWith("PRETRAIN_CODEC_KEY must be base64 of 32 bytes"), bad.getMessage());
  }
}
