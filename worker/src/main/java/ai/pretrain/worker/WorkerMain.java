package ai.pretrain.worker;

import ai.pretrain.artifact.StoreLayout;
import ai.pretrain.codec.PayloadEncryption;
import ai.pretrain.storage.ArtifactStore;
import ai.pretrain.storage.ArtifactStores;
import ai.pretrain.training.ReproducibleKernels;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.worker.WorkerFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker process: connects, polls its task queues, serves health and metrics, and drains on SIGTERM. */
public final class WorkerMain {

  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    WorkerConfig config = WorkerConfig.fromEnvironment(env);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);

    ArtifactStore store = ArtifactStores.fromEnvironment(env);
    TemporalConnection connection = new TemporalConnection(config, registry);
    WorkflowClient client = WorkflowClient.newInstance(connection.service(), WorkflowClientOptions.newBuilder()
        .setNamespace(config.namespace())
        .setDataConverter(PayloadEncryption.dataConverter(config.codecKeys()))
        .build());
    WorkerFactory factory = PipelineWorker.start(client, config, store);
    AtomicBoolean serving = new AtomicBoolean(true);
    HealthServer health = new HealthServer(config.metricsPort(), registry, serving::get);
    log.info("worker polling {} on {} (namespace {}), store {}, payloads {}, health and metrics on :{}",
        config.taskQueues(), config.devMode() ? "the in-process dev server at 127.0.0.1:" + config.devTemporalPort()
            : config.temporalAddress(), config.namespace(), store.uriOf(StoreLayout.STAGES),
        config.codecKeys().map(k -> "encrypted with key " + k.currentId() + " (decrypting " + k.ids() + ")")
            .orElse("plain (no PRETRAIN_CODEC_KEY)"),
        health.port());

    if (ReproducibleKernels.reproducible(env)) {
      log.info(ReproducibleKernels.describe(env));
    } else {
      log.warn(ReproducibleKernels.describe(env));
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      serving.set(false);
      log.info("draining: no new tasks; waiting up to {} for running activities", config.shutdownGrace());
      factory.shutdown();
      factory.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
      health.close();
      connection.close();
      stopped.countDown();
    }, "worker-shutdown"));
    stopped.await();
  }
}
