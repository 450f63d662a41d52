package ai.pretrain.api.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real worker process, as the chart runs it: {@code java -cp worker.jar:lib/*}, built by the worker module earlier
 * in the same reactor build, with the environment the test command exported (Temporal, MinIO, data root).
 */
public final class WorkerProcess implements AutoCloseable {

  private static final Pattern HEAP_USED =
      Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);

  private final Process process;
  private final int metricsPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private WorkerProcess(Process process, int metricsPort) {
    this.process = process;
    this.metricsPort = metricsPort;
  }

  public static WorkerProcess start(Path log) throws IOException, InterruptedException {
    return start(log, Map.of());
  }

  /** A worker whose environment differs from the test's by {@code overrides} (e.g. another store prefix). */
  public static WorkerProcess start(Path log, Map<String, String> overrides) throws IOException, InterruptedException {
    Path workerTarget = Path.of("..", "worker", "target").toAbsolutePath().normalize();
    if (!Files.isRegularFile(workerTarget.resolve("worker.jar"))) {
      throw new IllegalStateException("no " + workerTarget.resolve("worker.jar")
          + ": build the worker module first (the test command builds every module in order)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", workerTarget.resolve("worker.jar") + ":" + workerTarget.resolve("lib") + "/*",
        "ai.pretrain.worker.WorkerMain")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("WORKER_METRICS_PORT", Integer.toString(port));
    env.putAll(overrides);
    WorkerProcess worker = new WorkerProcess(builder.start(), port);
    worker.awaitHealthy(Duration.ofSeconds(90), log);
    return worker;
  }

  private void awaitHealthy(Duration timeout, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the worker exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> health = http.send(get("/health"), HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // the worker is still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the worker was not healthy within " + timeout + ":\n" + Files.readString(log));
  }

  /** Bytes of heap in use now, summed over the heap pools, from the worker's Prometheus endpoint. */
  long heapUsedBytes() throws IOException, InterruptedException {
    String metrics = http.send(get("/metrics"), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = HEAP_USED.matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return (long) total;
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
        .timeout(Duration.ofSeconds(5)).build();
  }

  /** SIGKILL: the worker dies mid-step, as on a lost node or an OOM kill; nothing gets to clean up. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, as Kubernetes stops a pod; the worker drains and exits. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
