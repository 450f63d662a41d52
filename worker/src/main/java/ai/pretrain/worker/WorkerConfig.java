package ai.pretrain.worker;

import ai.pretrain.codec.CodecKeys;
import ai.pretrain.connection.TemporalTls;
import ai.pretrain.notify.WebhookSettings;
import ai.pretrain.pipeline.TaskQueues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The worker's settings, from environment variables (the chart sets them). With no {@code TEMPORAL_ADDRESS} the worker
 * runs in dev mode: an in-process Temporal server on {@code DEV_TEMPORAL_PORT} and the directory artifact store. With
 * {@code PRETRAIN_CODEC_KEY} set, every payload it writes to Temporal is encrypted (see {@link CodecKeys}).
 */
public record WorkerConfig(
    String temporalAddress,
    String namespace,
    TemporalTls tls,
    List<String> taskQueues,
    int metricsPort,
    int trainingSlots,
    Duration checkpointInterval,
    Duration shutdownGrace,
    Path dataRoot,
    int devTemporalPort,
    Optional<CodecKeys> codecKeys,
    WebhookSettings webhooks) {

  private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");

  public static WorkerConfig fromEnvironment(Map<String, String> env) {
    return new WorkerConfig(
        blankToNull(env.get("TEMPORAL_ADDRESS")),
        env.getOrDefault("TEMPORAL_NAMESPACE", "default"),
        TemporalTls.of(env.get("TEMPORAL_TLS_CERT"), env.get("TEMPORAL_TLS_KEY"), env.get("TEMPORAL_TLS_CA")),
        queues(env.getOrDefault("WORKER_TASK_QUEUES", TaskQueues.CPU + "," + TaskQueues.GPU)),
        integer(env, "WORKER_METRICS_PORT", 9464, 0, 65535),
        integer(env, "WORKER_TRAINING_SLOTS", 1, 1, 64),
        Duration.ofSeconds(integer(env, "WORKER_CHECKPOINT_INTERVAL_SECONDS", 30, 0, 86_400)),
        Duration.ofSeconds(integer(env, "WORKER_SHUTDOWN_GRACE_SECONDS", 60, 0, 86_400)),
        Path.of(env.getOrDefault("PRETRAIN_DATA_ROOT",
            Path.of(System.getProperty("user.home"), ".cache", "pretrain", "data").toString())),
        integer(env, "DEV_TEMPORAL_PORT", 7233, 1, 65535),
        CodecKeys.fromEnvironment(env),
        WebhookSettings.fromEnvironment(env));
  }

  public boolean devMode() {
    return temporalAddress == null;
  }

  /**
   * The queues to poll: {@code pretrain-cpu} for workflows and light activities; any other (pretrain-gpu, or a named
   * pool such as gpu-a100 that specs route stages to with {@code resources}) for training.
   */
  private static List<String> queues(String value) {
    List<String> queues = Arrays.stream(value.split(",")).map(String::trim).filter(q -> !q.isEmpty()).toList();
    for (String queue : queues) {
      if (!QUEUE_NAME.matcher(queue).matches()) {
        throw new IllegalArgumentException("WORKER_TASK_QUEUES: '" + queue + "' is not a task queue name (lowercase "
            + "letters, digits, dots, dashes and underscores, e.g. " + TaskQueues.CPU + ", " + TaskQueues.GPU
            + " or gpu-a100)");
      }
    }
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("WORKER_TASK_QUEUES: name at least one of " + TaskQueues.CPU + ", "
          + TaskQueues.GPU + " or a training pool's queue");
    }
    return queues;
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw new IllegalArgumentException(name + ": " + parsed + " is outside " + min + ".." + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number", e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
