import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.storage.ArtifactStore;
import ai.pretrain.storage.ArtifactStores;
import ai.pretrain.storage.Lineage;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Artifact throughput: uploads and downloads one checkpoint-like file (random bytes) through the platform's artifact
 * store ({@link ArtifactStores#fromEnvironment}, so an S3 store built exactly as the worker builds it, talking to the
 * MinIO that {@code PRETRAIN_STORE_URI} and the {@code S3_*} variables name) and through MinIO's {@code mc}, REPS times
 * each, alternating which goes first; measures the heap the store used; then, once, the parts a store upload and
 * download are made of (hashing, the multipart upload, the server-side copy that publishes it, the verified download)
 * with a MinioClient configured like the store's.
 *
 * <p>{@code FILE LABEL REPS MC_TARGET OUT}: MC_TARGET is {@code alias/bucket} for mc, whose alias comes from
 * {@code MC_HOST_<alias>}. Writes markdown rows to OUT and prints them.
 */
public class ArtifactBench {

  static final long PART_SIZE = 16L * 1024 * 1024;

  /** Heap in use, sampled every millisecond while a store operation runs; the pools' own peaks as a check. */
  static final class HeapWatch implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    HeapWatch() {
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      var memory = ManagementFactory.getMemoryMXBean();
      sampler = new Thread(() -> {
        while (running) {
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-watch");
      sampler.setDaemon(true);
      sampler.start();
    }

    long sampledPeak() {
      return peak.get();
    }

    /** Sum of each heap pool's peak: an upper bound, since the pools need not peak together. */
    static long poolPeaks() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .mapToLong(pool -> pool.getPeakUsage().getUsed())
          .sum();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      sampler.join();
    }
  }

  record Transfer(double seconds, long baseline, long sampledPeak, long poolPeak, Object result) {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String label = args[1];
    int reps = Integer.parseInt(args[2]);
    String mcTarget = args[3];
    Path out = Path.of(args[4]);
    long size = Files.size(file);
    Path work = file.getParent();

    Map<String, String> env = new HashMap<>(System.getenv());
    ArtifactStore store = ArtifactStores.fromEnvironment(env);
    MinioClient client = MinioClient.builder()
        .endpoint(env.get("S3_ENDPOINT"))
        .credentials(env.get("S3_ACCESS_KEY"), env.get("S3_SECRET_KEY"))
        .region("us-east-1")
        .build();
    String bucket = java.net.URI.create(env.get("PRETRAIN_STORE_URI")).getAuthority();
    Lineage lineage = new Lineage("bench", "bench-artifacts", List.of(), Map.of("size", size), "bench", "now");
    String key = "bench/" + label + "/checkpoint.zip";

    warmUp(store, work, lineage);
    long heapBefore = Long.MAX_VALUE;

    List<Double> storeUp = new ArrayList<>();
    List<Double> storeDown = new ArrayList<>();
    List<Double> mcUp = new ArrayList<>();
    List<Double> mcDown = new ArrayList<>();
    long upPeak = 0;
    long upPoolPeak = 0;
    long downPeak = 0;
    long downPoolPeak = 0;
    for (int rep = 0; rep < reps; rep++) {
      boolean storeFirst = rep % 2 == 0;
      for (int turn = 0; turn < 2; turn++) {
        if ((turn == 0) == storeFirst) {
          Path target = work.resolve("store-download.bin");
          Transfer up = timed(() -> store.put(key, file, "checkpoint", lineage));
          ArtifactRef ref = (ArtifactRef) up.result;
          Transfer down = timed(() -> {
            store.download(ref, target);
            return target;
          });
          if (Files.size(target) != size) {
            throw new IllegalStateException("store download has " + Files.size(target) + " bytes, not " + size);
          }
          Files.delete(target);
          remove(client, bucket, key);
          storeUp.add(up.seconds);
          storeDown.add(down.seconds);
          heapBefore = Math.min(heapBefore, Math.min(up.baseline, down.baseline));
          upPeak = Math.max(upPeak, up.sampledPeak);
          upPoolPeak = Math.max(upPoolPeak, up.poolPeak);
          downPeak = Math.max(downPeak, down.sampledPeak);
          downPoolPeak = Math.max(downPoolPeak, down.poolPeak);
          System.err.printf(Locale.ROOT, "%s rep %d store: up %.2f s, down %.2f s%n", label, rep + 1, up.seconds,
              down.seconds);
        } else {
          String object = mcTarget + "/bench/" + label + "/mc-checkpoint.zip";
          Path target = work.resolve("mc-download.bin");
          double up = mc("cp", "--quiet", file.toString(), object);
          double down = mc("cp", "--quiet", object, target.toString());
          if (Files.size(target) != size) {
            throw new IllegalStateException("mc download has " + Files.size(target) + " bytes, not " + size);
          }
          Files.delete(target);
          mc("rm", "--quiet", object);
          mcUp.add(up);
          mcDown.add(down);
          System.err.printf(Locale.ROOT, "%s rep %d mc: up %.2f s, down %.2f s%n", label, rep + 1, up, down);
        }
      }
    }

    // Each part's median over REPS rounds, as for the transfers themselves; not past 1 GiB, where one server-side copy
    // nears S3's 5 GiB limit and the parts' rates no longer change.
    Map<String, List<Double>> partRuns = new LinkedHashMap<>();
    for (int rep = 0; rep < (size <= (1L << 30) ? reps : 0); rep++) {
      breakdown(client, bucket, store, file, work, lineage, label)
          .forEach((part, time) -> partRuns.computeIfAbsent(part, p -> new ArrayList<>()).add(time));
    }
    Map<String, Double> parts = new LinkedHashMap<>();
    partRuns.forEach((part, times) -> parts.put(part, median(times)));

    double mb = size / 1e6;
    double su = mb / median(storeUp);
    double sd = mb / median(storeDown);
    double cu = mb / median(mcUp);
    double cd = mb / median(mcDown);
    StringBuilder rows = new StringBuilder();
    rows.append(String.format(Locale.ROOT, "THROUGHPUT | %s | upload | %.0f | %.0f | %.2f | %s | %s |%n", label, su, cu,
        su / cu, rates(mb, storeUp), rates(mb, mcUp)));
    rows.append(String.format(Locale.ROOT, "THROUGHPUT | %s | download | %.0f | %.0f | %.2f | %s | %s |%n", label, sd,
        cd, sd / cd, rates(mb, storeDown), rates(mb, mcDown)));
    rows.append(String.format(Locale.ROOT, "HEAP | %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n", label,
        Runtime.getRuntime().maxMemory() / 1048576 + " MiB", heapBefore / 1048576.0, upPeak / 1048576.0,
        upPoolPeak / 1048576.0, downPeak / 1048576.0, downPoolPeak / 1048576.0));
    if (!parts.isEmpty()) {
      rows.append(String.format(Locale.ROOT, "PARTS | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
          label, mb / parts.get("sha256"), mb / parts.get("put"), mb / parts.get("copy"), mb / parts.get("store put"),
          mb / parts.get("get"), mb / parts.get("get, 1 MiB reads"), mb / parts.get("get+sha256"),
          mb / parts.get("store download")));
    }
    rows.append(String.format(Locale.ROOT, "RESULT %s upload_ratio=%.3f download_ratio=%.3f heap_peak_mib=%.1f%n",
        label, su / cu, sd / cd, Math.max(upPeak, downPeak) / 1048576.0));
    Files.writeString(out, rows.toString());
    System.out.print(rows);
  }

  interface Operation {
    Object run() throws Exception;
  }

  static Transfer timed(Operation operation) throws Exception {
    System.gc();
    long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    try (HeapWatch watch = new HeapWatch()) {
      long started = System.nanoTime();
      Object result = operation.run();
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Transfer(seconds, baseline, watch.sampledPeak(), HeapWatch.poolPeaks(), result);
    }
  }

  /** One upload and download of a small file first, so that class loading and the JIT are not in the first rep. */
  static void warmUp(ArtifactStore store, Path work, Lineage lineage) throws IOException {
    Path small = work.resolve("warm-up.bin");
    byte[] bytes = new byte[(int) (2 * PART_SIZE + 12345)];
    new java.util.Random(1).nextBytes(bytes);
    Files.write(small, bytes);
    ArtifactRef ref = store.put("bench/warm-up.bin", small, "checkpoint", lineage);
    store.download(ref, work.resolve("warm-up-down.bin"));
    Files.delete(small);
    Files.delete(work.resolve("warm-up-down.bin"));
  }

  /**
   * The parts of a store upload and download, each timed on its own: hashing the file, a multipart upload with one
   * part at a time, a server-side copy (the store's publish before it uploaded straight to the key); a plain download,
   * and one hashed on the way.
   */
  static Map<String, Double> breakdown(MinioClient client, String bucket, ArtifactStore store, Path file, Path work,
      Lineage lineage, String label) throws Exception {
    Map<String, Double> seconds = new LinkedHashMap<>();
    String temp = "bench/" + label + "/parts.uploading";
    String published = "bench/" + label + "/parts.zip";
    long size = Files.size(file);
    seconds.put("sha256", time(() -> {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStreamSink.INSTANCE);
      }
      return null;
    }));
    seconds.put("put", time(() -> {
      try (InputStream in = Files.newInputStream(file)) {
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(temp).stream(in, size, PART_SIZE).build());
      }
      return null;
    }));
    seconds.put("copy", time(() -> client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(published)
        .source(CopySource.builder().bucket(bucket).object(temp).build())
        .metadataDirective(Directive.REPLACE).userMetadata(Map.of("sha256", "0".repeat(64))).build())));
    remove(client, bucket, temp);
    Path target = work.resolve("parts-download.bin");
    seconds.put("get", time(() -> {
      try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(published).build())) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return null;
    }));
    Files.delete(target);
    seconds.put("get, 1 MiB reads", time(() -> {
      try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(published).build());
          var fileOut = Files.newOutputStream(target)) {
        byte[] buffer = new byte[1 << 20];
        for (int n; (n = in.read(buffer)) > 0; ) {
          fileOut.write(buffer, 0, n);
        }
      }
      return null;
    }));
    Files.delete(target);
    seconds.put("get+sha256", time(() -> {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(
          client.getObject(GetObjectArgs.builder().bucket(bucket).object(published).build()), digest)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return null;
    }));
    Files.delete(target);
    remove(client, bucket, published);
    String key = "bench/" + label + "/parts-store.zip";
    long started = System.nanoTime();
    ArtifactRef ref = store.put(key, file, "checkpoint", lineage);
    seconds.put("store put", (System.nanoTime() - started) / 1e9);
    seconds.put("store download", time(() -> {
      store.download(ref, target);
      return null;
    }));
    Files.delete(target);
    remove(client, bucket, key);
    System.err.println(label + " parts (s): " + seconds);
    return seconds;
  }

  /** Discards what is written to it. */
  static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  static double time(Operation operation) throws Exception {
    long started = System.nanoTime();
    operation.run();
    return (System.nanoTime() - started) / 1e9;
  }

  static void remove(MinioClient client, String bucket, String key) throws Exception {
    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key + ".lineage.json").build());
  }

  /** Runs mc with the arguments; its wall time in seconds. */
  static double mc(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("mc");
    command.addAll(List.of(args));
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    int code = process.waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("mc " + String.join(" ", args) + " failed (" + code + "): " + new String(output));
    }
    return seconds;
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[(sorted.length - 1) / 2];
  }

  static String rates(double mb, List<Double> seconds) {
    return String.join(", ", seconds.stream().map(s -> String.format(Locale.ROOT, "%.0f", mb / s)).toList());
  }
}
