import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for the API, from one JVM with java.net.http.
 *
 * <p>{@code reads URL LABEL SECONDS RATE...}: GET URL open-loop at each RATE (requests per second) for SECONDS, after
 * 5 s at the first rate to warm up. Requests leave on a fixed schedule whatever the answers do, and a request's
 * latency counts from when it was due to leave (so a stalled server cannot hide its queue: no coordinated omission).
 * Prints one markdown row per rate.
 *
 * <p>{@code submit BASE SPEC_FILE KEY_PREFIX N OUT}: N POSTs of the spec to BASE/api/v1/runs at once, each with its own
 * {@code Idempotency-Key} (KEY_PREFIX-0 .. N-1); writes one line per request (key, status, run id, replayed) to OUT
 * and prints a summary row.
 *
 * <p>{@code parts API_URL TEMPORAL_ADDRESS RUN_ID LABEL N}: what one status read is made of, one request at a time, N
 * each: GET API_URL/api/v1/runs/RUN_ID, and the Temporal calls the API makes for it, sent straight from here
 * (DescribeWorkflowExecution; the progress query of a running run; the close event of a completed one); then each
 * with 8 at a time for 5 s, for the most it serves. Prints one markdown row per call.
 */
public class ApiLoad {

  static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .executor(Executors.newFixedThreadPool(4))
      .build();

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "reads" -> {
        URI url = URI.create(args[1]);
        String label = args[2];
        int seconds = Integer.parseInt(args[3]);
        List<Integer> rates = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
          rates.add(Integer.parseInt(args[i]));
        }
        step(url, rates.get(0), 5);
        for (int rate : rates) {
          System.out.print(step(url, rate, seconds).row(label, rate));
        }
      }
      case "parts" -> parts(URI.create(args[1]), args[2], args[3], args[4], Integer.parseInt(args[5]));
      case "submit" -> submit(URI.create(args[1]), Files.readString(Path.of(args[2])), args[3],
          Integer.parseInt(args[4]), Path.of(args[5]));
      default -> throw new IllegalArgumentException("mode must be reads or submit, not " + args[0]);
    }
    System.exit(0);
  }

  record Step(List<Double> latenciesMs, Map<Integer, Integer> statuses, double achievedRps, double lateMs) {

    String row(String label, int rate) {
      return String.format(Locale.ROOT, "| %s | %d | %.0f | %d | %.1f | %.1f | %.1f | %.1f | %s | %.1f |%n", label,
          rate, achievedRps, latenciesMs.size(), percentile(latenciesMs, 50), percentile(latenciesMs, 90),
          percentile(latenciesMs, 99), percentile(latenciesMs, 100), statuses, lateMs);
    }
  }

  static Step step(URI url, int rate, int seconds) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build();
    int total = rate * seconds;
    long interval = 1_000_000_000L / rate;
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long start = System.nanoTime();
    double worstLate = 0;
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      worstLate = Math.max(worstLate, (System.nanoTime() - due) / 1e6);
      pending.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
        latencies.add((System.nanoTime() - due) / 1e6);
        if (error != null) {
          statuses.merge(-1, 1, Integer::sum);
        } else {
          statuses.merge(response.statusCode(), 1, Integer::sum);
        }
      }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Step(new ArrayList<>(latencies), new TreeMap<>(statuses), total / elapsed, worstLate);
  }

  static final Pattern RUN_ID = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"");

  static void submit(URI base, String spec, String keyPrefix, int n, Path out) throws IOException {
    URI runs = base.resolve("/api/v1/runs");
    List<CompletableFuture<String>> pending = new ArrayList<>();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String key = keyPrefix + "-" + i;
      HttpRequest request = HttpRequest.newBuilder(runs)
          .timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/yaml")
          .header("Idempotency-Key", key)
          .POST(HttpRequest.BodyPublishers.ofString(spec))
          .build();
      long sent = System.nanoTime();
      pending.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
        latencies.add((System.nanoTime() - sent) / 1e6);
        if (error != null) {
          return key + " -1 - false " + error;
        }
        Matcher id = RUN_ID.matcher(response.body());
        return key + " " + response.statusCode() + " " + (id.find() ? id.group(1) : "-") + " "
            + response.headers().firstValue("Idempotent-Replayed").orElse("false");
      }));
    }
    List<String> lines = pending.stream().map(CompletableFuture::join).toList();
    double elapsed = (System.nanoTime() - start) / 1e3 / 1e6;
    Files.write(out, lines);
    Map<String, Integer> statuses = new TreeMap<>();
    lines.forEach(line -> statuses.merge(line.split(" ")[1], 1, Integer::sum));
    long distinct = lines.stream().map(line -> line.split(" ")[2]).filter(id -> !id.equals("-")).distinct().count();
    System.out.printf(Locale.ROOT, "| %d | %s | %d | %.0f | %.0f | %.0f | %.1f |%n", n, statuses, distinct,
        percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100), elapsed);
  }

  interface Call {
    void run() throws Exception;
  }

  static void parts(URI api, String temporal, String runId, String label, int n) throws Exception {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(temporal).build());
    WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId(runId).build();
    HttpRequest get = HttpRequest.newBuilder(api.resolve("/api/v1/runs/" + runId)).GET().build();
    Map<String, Call> calls = new java.util.LinkedHashMap<>();
    calls.put("GET /api/v1/runs/{id}", () -> {
      if (HTTP.send(get, HttpResponse.BodyHandlers.ofByteArray()).statusCode() != 200) {
        throw new IllegalStateException("GET " + runId + " did not answer 200");
      }
    });
    calls.put("DescribeWorkflowExecution", () -> stubs.blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default").setExecution(execution).build()));
    if (label.equals("running")) {
      calls.put("QueryWorkflow progress", () -> stubs.blockingStub().queryWorkflow(QueryWorkflowRequest.newBuilder()
          .setNamespace("default").setExecution(execution)
          .setQuery(WorkflowQuery.newBuilder().setQueryType("progress")).build()));
    } else {
      calls.put("GetWorkflowExecutionHistory, close event", () -> stubs.blockingStub().getWorkflowExecutionHistory(
          GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("default").setExecution(execution)
              .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT).build()));
    }
    for (var call : calls.entrySet()) {
      List<Double> latencies = new ArrayList<>();
      for (int i = 0; i < n + 20; i++) {
        long started = System.nanoTime();
        call.getValue().run();
        if (i >= 20) {
          latencies.add((System.nanoTime() - started) / 1e6);
        }
      }
      System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.0f |%n", label, call.getKey(), n,
          percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99), throughput(call.getValue()));
    }
    stubs.shutdown();
  }

  /** Calls per second with 8 callers, each calling again as soon as its last call returns, for 5 s. */
  static double throughput(Call call) throws InterruptedException {
    var pool = Executors.newFixedThreadPool(8);
    java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
    long end = System.nanoTime() + 5_000_000_000L;
    for (int t = 0; t < 8; t++) {
      pool.submit(() -> {
        while (System.nanoTime() < end) {
          try {
            call.run();
            done.incrementAndGet();
          } catch (Exception e) {
            return;
          }
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    return done.get() / 5.0;
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> values, double p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
