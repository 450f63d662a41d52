package ai.pretrain.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.storage.SourceObjects;
import io.minio.PutObjectArgs;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast a CSV source is read from the real MinIO server into examples (stream, parse, encode), and the heap it
 * takes: a generated table of 50 numeric columns and a label, {@code -Dbench.rows} rows (default 200,000, about
 * 100 MB). Run only on request:
 * {@code mvn -o -q test -pl activities -am -Dtest=SourceThroughputBench -Dbench.data=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "bench.data", matches = "true")
class SourceThroughputBench {

  private static final int COLUMNS = 50;

  @TempDir Path work;

  @Test
  void readsAGeneratedCsvFromMinio() throws Exception {
    int rows = Integer.getInteger("bench.rows", 200_000);
    MinioSources minio = new MinioSources("source-throughput-bench");
    Path csv = work.resolve("table.csv");
    Random random = new Random(1);
    try (var out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      for (int c = 0; c < COLUMNS; c++) {
        out.write("x" + c + ",");
      }
      out.write("label\n");
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < COLUMNS; c++) {
          out.write(String.format("%.5f,", random.nextGaussian()));
        }
        out.write(random.nextBoolean() ? "a\n" : "b\n");
      }
    }
    long bytes = Files.size(csv);
    minio.client().putObject(PutObjectArgs.builder().bucket(MinioSources.BUCKET).object(minio.key("table.csv"))
        .stream(Files.newInputStream(csv), bytes, -1).build());
    DatasetSpec spec = new DatasetSpec(null, minio.uri("table.csv"), null, null, "label", null, null, null, null,
        null, null, null, null, null);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long start = System.nanoTime();
    SourceData data = new SourceDatasets(SourceObjects.fromEnvironment(minio.env())).read(spec, work);
    double seconds = (System.nanoTime() - start) / 1e9;
    long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    assertEquals(rows, data.examples().size());
    System.out.printf("source throughput: %d rows, %.1f MB CSV read from MinIO in %.1f s = %.1f MB/s; peak heap "
        + "(sum of pool peaks) %.0f MB; max heap %.0f MB%n", rows, bytes / 1e6, seconds, bytes / 1e6 / seconds,
        peakHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
  }
}
