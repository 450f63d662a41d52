// Times the benchmark programs' repeats and prints the JSON line that torch_bench.py prints too, which run.sh
// tabulates: samples/s by the wall clock, and samples per CPU-second of the whole process, which the machine's other
// load disturbs less.
package ai.pretrain.training;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/** Wall and process CPU seconds of timed repeats, and their JSON line. */
final class Throughput {

  /** Training that may throw what the platform's loop throws. */
  interface Steps {
    void run() throws Exception;
  }

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final String model;
  private final int batch;
  private final int warmup;
  private final int steps;
  private final double[] samplesPerSecond;
  private final double[] samplesPerCpuSecond;
  private int repeats;

  Throughput(String model, int batch, int warmup, int steps, int repeats) {
    this.model = model;
    this.batch = batch;
    this.warmup = warmup;
    this.steps = steps;
    this.samplesPerSecond = new double[repeats];
    this.samplesPerCpuSecond = new double[repeats];
  }

  void time(Steps training) throws Exception {
    long wall = System.nanoTime();
    long cpu = OS.getProcessCpuTime();
    training.run();
    double samples = (double) steps * batch;
    samplesPerSecond[repeats] = samples / ((System.nanoTime() - wall) / 1e9);
    samplesPerCpuSecond[repeats] = samples / ((OS.getProcessCpuTime() - cpu) / 1e9);
    repeats++;
  }

  String json() {
    return String.format(Locale.ROOT,
        "{\"side\": \"djl\", \"model\": \"%s\", \"threads\": %s, \"batch\": %d, \"warmup\": %d, \"steps\": %d, "
            + "\"samples_per_s\": [%s], \"samples_per_cpu_s\": [%s]}",
        model, System.getProperty("ai.djl.pytorch.num_threads", "null"), batch, warmup, steps,
        list(samplesPerSecond), list(samplesPerCpuSecond));
  }

  private static String list(double[] values) {
    return String.join(", ", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
  }
}
