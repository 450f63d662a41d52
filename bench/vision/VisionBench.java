import ai.pretrain.pipeline.PipelineResult;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.storage.ArtifactStores;
import ai.pretrain.worker.PipelineWorker;
import ai.pretrain.worker.WorkerConfig;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The vision benchmark: which pretraining objective pays on the built-in MNIST sample with few labels. For each
 * objective (contrastive, denoising autoencoder) and encoder (mlp, residual-cnn), seed and labeled fraction, the real
 * pipeline runs in-process on Temporal's test server with a local artifact directory: pretraining on the unlabeled
 * training split, fine-tuning on the labeled share, and the linear probe on the frozen encoder; the contrastive runs
 * also train each encoder from scratch on the same labels and budget. Writes results.md beside itself.
 *
 * <p>Run with {@code bench/vision/run.sh}.
 */
public class VisionBench {

  /** The encoders' pretraining, by row name. */
  static final Map<String, String> PRETRAIN = new LinkedHashMap<>();

  /** Fine-tuning, by row name: {@link #FINE_TUNE_DEFAULT} for rows not named here. */
  static final Map<String, String> FINE_TUNE = new LinkedHashMap<>();

  static final String FINE_TUNE_DEFAULT =
      "{epochs: 60, batchSize: 16, learningRate: 0.001, weightDecay: 0.0001, patience: 15}";

  /** Baselines, by row name: scratch and the linear probe for contrastive rows, the probe alone otherwise. */
  static final Map<String, String> BASELINES = new LinkedHashMap<>();

  static final String AUGMENTED = "augmentations: [{name: random-resized-crop, magnitude: 0.7, probability: 1.0}, "
      + "{name: rotation, magnitude: 10, probability: 0.5}]";

  static {
    PRETRAIN.put("contrastive, mlp", "{objective: contrastive, hiddenUnits: [512, 256], latentUnits: 128, "
        + "epochs: 10, batchSize: 256, learningRate: 0.002, temperature: 0.5}");
    PRETRAIN.put("contrastive, residual-cnn", "{objective: contrastive, architecture: residual-cnn, "
        + "channels: [16, 32], latentUnits: 128, epochs: 3, batchSize: 256, learningRate: 0.002, temperature: 0.5}");
    PRETRAIN.put("denoising autoencoder, mlp", "{objective: denoising-autoencoder, hiddenUnits: [512, 256], "
        + "latentUnits: 64, corruption: gaussian, corruptionLevel: 0.5, epochs: 10, batchSize: 128}");
    PRETRAIN.put("denoising autoencoder, residual-cnn", "{objective: denoising-autoencoder, "
        + "architecture: residual-cnn, channels: [16, 32], hiddenUnits: [256], latentUnits: 64, corruption: gaussian, "
        + "corruptionLevel: 0.5, epochs: 3, batchSize: 128}");
    String longer = "{objective: contrastive, hiddenUnits: [512, 256], latentUnits: 128, epochs: 30, batchSize: 256, "
        + "learningRate: 0.002, temperature: 0.5}";
    PRETRAIN.put("contrastive 30 epochs, mlp, augmented fine-tuning", longer);
    FINE_TUNE.put("contrastive 30 epochs, mlp, augmented fine-tuning", "{epochs: 60, batchSize: 16, "
        + "learningRate: 0.001, weightDecay: 0.0001, patience: 15, " + AUGMENTED + "}");
    PRETRAIN.put("contrastive 30 epochs, mlp, pseudo-labels", longer);
    FINE_TUNE.put("contrastive 30 epochs, mlp, pseudo-labels", "{epochs: 15, batchSize: 16, learningRate: 0.001, "
        + "weightDecay: 0.0001, patience: 5, " + AUGMENTED + ", unlabeled: {method: pseudo-label, threshold: 0.95, "
        + "ratio: 4}}");
    BASELINES.put("contrastive 30 epochs, mlp, pseudo-labels", "[labeled-only, scratch, linear-probe]");
    PRETRAIN.put("contrastive 5 epochs, residual-cnn, pseudo-labels", "{objective: contrastive, "
        + "architecture: residual-cnn, channels: [16, 32], latentUnits: 128, epochs: 5, batchSize: 256, "
        + "learningRate: 0.002, temperature: 0.5}");
    FINE_TUNE.put("contrastive 5 epochs, residual-cnn, pseudo-labels",
        FINE_TUNE.get("contrastive 30 epochs, mlp, pseudo-labels"));
    BASELINES.put("contrastive 5 epochs, residual-cnn, pseudo-labels", "[labeled-only, scratch, linear-probe]");
  }

  static final String SPEC = """
      name: vision-bench
      seed: %d
      dataset: {name: mnist}
      prep: {validationFraction: 0.1, testFraction: 0.1, labeledFraction: %s}
      pretrain: %s
      adapt: {headHiddenUnits: 0, dropout: 0.1, freezeEncoder: false}
      fineTune: %s
      evaluate: {baselines: %s}
      """;

  record Row(String pretraining, String fraction, long seed, int labels, Map<String, Double> accuracy,
      double seconds, boolean cached) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/vision/results.md");
    List<Long> seeds = List.of(System.getenv().getOrDefault("BENCH_SEEDS", "42 7 1234").split(" ")).stream()
        .map(Long::parseLong).toList();
    List<String> fractions = List.of(System.getenv().getOrDefault("BENCH_FRACTIONS", "0.01 0.1").split(" "));
    List<String> chosen = System.getenv().containsKey("BENCH_ROWS")
        ? List.of(System.getenv("BENCH_ROWS").split(";")) : List.copyOf(PRETRAIN.keySet());
    boolean smoke = "1".equals(System.getenv("BENCH_SMOKE"));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putIfAbsent(ArtifactStores.STORE_URI,
        Path.of(System.getProperty("user.home"), ".cache", "pretrain", "bench-vision-artifacts").toUri().toString());
    env.putIfAbsent("WORKER_TRAINING_SLOTS", "1");
    TestWorkflowEnvironment testEnv = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    WorkerFactory workers = PipelineWorker.start(testEnv.getWorkflowClient(), WorkerConfig.fromEnvironment(env),
        ArtifactStores.fromEnvironment(env));
    SpecParser parser = new SpecParser();
    List<Row> rows = new ArrayList<>();
    Path partial = Path.of(out + ".partial");
    for (String pretraining : chosen) {
      for (long seed : seeds) {
        for (String fraction : fractions) {
          String pretrain = PRETRAIN.get(pretraining);
          if (smoke) {
            pretrain = pretrain.replaceAll("epochs: \\d+", "epochs: 1").replace("}", ", maxBatchesPerEpoch: 3}");
          }
          String baselines = BASELINES.getOrDefault(pretraining,
              pretraining.startsWith("contrastive") ? "[scratch, linear-probe]" : "[linear-probe]");
          String fineTune = FINE_TUNE.getOrDefault(pretraining, FINE_TUNE_DEFAULT);
          if (smoke) {
            fineTune = fineTune.replaceAll("epochs: \\d+", "epochs: 2").replace("patience:", "maxBatchesPerEpoch: 3, "
                + "patience:");
          }
          PipelineSpec spec = parser.parse(String.format(Locale.ROOT, SPEC, seed, fraction, pretrain, fineTune,
              baselines));
          String id = ("vision-" + pretraining + "-" + seed + "-" + fraction).replaceAll("[^a-z0-9]+", "-");
          long start = System.nanoTime();
          PipelineResult result = testEnv.getWorkflowClient().newWorkflowStub(PipelineWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CPU).setWorkflowId(id + "-" + start).build())
              .run(spec);
          double seconds = (System.nanoTime() - start) / 1e9;
          Map<String, Double> accuracy = new LinkedHashMap<>();
          for (String model : List.of("pretrained", "linear-probe", "scratch", "labeled-only")) {
            Double value = result.evaluation().metrics().get(model + ".accuracy");
            if (value != null) {
              accuracy.put(model, value);
            }
          }
          StageProgress prep = result.stages().stream().filter(s -> s.stage().equals("prepareData")).findFirst()
              .orElseThrow();
          boolean cached = result.stages().stream().filter(s -> s.stage().equals("pretrain")).findFirst()
              .orElseThrow().cacheHit();
          Row row = new Row(pretraining, fraction, seed, prep.metrics().get("labeledExamples").intValue(), accuracy,
              seconds, cached);
          rows.add(row);
          System.out.println(row);
          Files.writeString(partial, report(rows, smoke));
        }
      }
    }
    workers.shutdown();
    testEnv.close();
    Files.writeString(out, report(rows, smoke));
    Files.deleteIfExists(partial);
    System.out.println("wrote " + out);
  }

  static String report(List<Row> rows, boolean smoke) {
    StringBuilder md = new StringBuilder(smoke ? "> SMOKE RUN (BENCH_SMOKE=1): 1 pretraining epoch of 3 batches, "
        + "2 fine-tuning epochs; not the benchmark's numbers.\n\n" : "");
    md.append("# Vision benchmark\n\nBuilt-in MNIST sample (10,000 digits; 10% validation, 10% test = 1,000 test "
        + "digits; pretraining sees the 8,000 training digits without labels), test accuracy, mean ± standard "
        + "deviation over the seeds. Fine-tuning: a linear head (dropout 0.1) on the encoder, trained end to end, "
        + "Adam 1e-3, batches of 16, weight decay 1e-4, up to 60 epochs, early stopping after 15 without a better "
        + "validation accuracy. The linear probe: the frozen encoder's standardized features under a linear head at "
        + "evaluate.linearProbeLearningRate (0.01), same budget. Scratch: the same encoder from a random "
        + "initialisation, same budget. Wall time: the whole pipeline (data prep, pretraining, the models, evaluation); "
        + "a seed's second fraction reuses its pretraining from the stage cache.\n\n");
    md.append("Pretraining settings:\n\n");
    PRETRAIN.forEach((name, spec) -> md.append("- ").append(name).append(": `").append(spec).append("`")
        .append(FINE_TUNE.containsKey(name) ? ", fine-tuning `" + FINE_TUNE.get(name) + "`" : "").append("\n"));
    md.append("\nWith pseudo-labels (`fineTune.unlabeled`), an epoch is a pass over the 8,000 unlabeled training digits "
        + "and scratch pseudo-labels too; labeled only is the same pretrained model fine-tuned without them, with that "
        + "row's fine-tuning fields (15 epochs over the labeled digits, fewer steps than the augmented row's 60).\n");
    md.append("\n| labels | pretraining | fine-tuned | linear probe | scratch | labeled only | seeds | wall s per run |\n"
        + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    for (Row row : rows) {
      groups.computeIfAbsent(row.fraction() + "|" + row.pretraining(), k -> new ArrayList<>()).add(row);
    }
    List<String> keys = new ArrayList<>(groups.keySet());
    keys.sort(java.util.Comparator.comparing((String k) -> Double.parseDouble(k.split("\\|")[0])));
    for (String key : keys) {
      List<Row> group = groups.get(key);
      Row first = group.get(0);
      md.append(String.format(Locale.ROOT, "| %s%% (%d) | %s | %s | %s | %s | %s | %d | %s |%n",
          trim(Double.parseDouble(first.fraction()) * 100), first.labels(), first.pretraining(),
          stat(group, "pretrained"), stat(group, "linear-probe"), stat(group, "scratch"), stat(group, "labeled-only"),
          group.size(),
          group.stream().map(r -> String.format(Locale.ROOT, "%.0f%s", r.seconds(), r.cached() ? "*" : ""))
              .reduce((a, b) -> a + ", " + b).orElse("")));
    }
    md.append("\n\\* pretraining reused from the stage cache.\n\n| seed | labels | pretraining | fine-tuned | linear probe "
        + "| scratch | labeled only |\n| ---: | --- | --- | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s |%n", r.seed(), r.labels(),
          r.pretraining(), value(r, "pretrained"), value(r, "linear-probe"), value(r, "scratch"),
          value(r, "labeled-only")));
    }
    md.append(targets(groups));
    md.append("\n## Machine\n\n");
    md.append("- CPU: ").append(cpu()).append(" (").append(Runtime.getRuntime().availableProcessors())
        .append(" cores visible)\n");
    md.append("- Memory: ").append(firstLine("/proc/meminfo")).append("\n");
    md.append("- Load average when written: ").append(firstLine("/proc/loadavg")).append("\n");
    md.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append(' ').append(System.getProperty("os.arch")).append("\n");
    md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append(", heap limit ")
        .append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB\n");
    md.append("- Libraries: ").append(jars("temporal-sdk-", "api-0", "pytorch-engine-", "pytorch-native-cpu-",
        "pytorch-jni-")).append("\n");
    md.append("- Commit: ").append(System.getenv().getOrDefault("BENCH_COMMIT", "?")).append("\n");
    return md.toString();
  }

  /** The issue's targets at 1% of the labels, with their verdicts. */
  static String targets(Map<String, List<Row>> groups) {
    StringBuilder md = new StringBuilder("\n## Targets (1% of the labels)\n\n");
    for (Map.Entry<String, List<Row>> group : groups.entrySet()) {
      if (!group.getKey().startsWith("0.01|")) {
        continue;
      }
      String name = group.getKey().substring(5);
      double[] tuned = values(group.getValue(), "pretrained");
      double min = java.util.Arrays.stream(tuned).min().orElse(Double.NaN);
      double mean = java.util.Arrays.stream(tuned).average().orElse(Double.NaN);
      md.append(String.format(Locale.ROOT, "- %s, pretrained and fine-tuned >= 0.93 on every seed, mean >= 0.92: "
          + "%s (lowest %.3f, mean %.3f)%n", name, min >= 0.93 && mean >= 0.92 ? "met" : "NOT met", min, mean));
      if (name.startsWith("contrastive")) {
        double[] probe = values(group.getValue(), "linear-probe");
        double lowest = java.util.Arrays.stream(probe).min().orElse(Double.NaN);
        md.append(String.format(Locale.ROOT, "- %s, linear probe >= 0.85 on every seed: %s (lowest %.3f, mean "
            + "%.3f)%n", name, lowest >= 0.85 ? "met" : "NOT met", lowest,
            java.util.Arrays.stream(probe).average().orElse(Double.NaN)));
      }
    }
    return md.toString();
  }

  static double[] values(List<Row> rows, String model) {
    return rows.stream().filter(r -> r.accuracy().containsKey(model)).mapToDouble(r -> r.accuracy().get(model))
        .toArray();
  }

  static String stat(List<Row> rows, String model) {
    double[] v = values(rows, model);
    if (v.length == 0) {
      return "—";
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    double sd = v.length < 2 ? 0 : Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum()
        / (v.length - 1));
    return String.format(Locale.ROOT, "%.3f ± %.3f", mean, sd);
  }

  static String value(Row row, String model) {
    Double v = row.accuracy().get(model);
    return v == null ? "—" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String trim(double percent) {
    return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
  }

  static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (Exception e) {
      return "?";
    }
  }

  static String firstLine(String file) {
    try {
      return Files.readAllLines(Path.of(file)).get(0).replaceAll("\\s+", " ");
    } catch (Exception e) {
      return "?";
    }
  }

  /** Versions of the named jars on the class path (java expands {@code lib/*} into java.class.path). */
  static String jars(String... prefixes) {
    List<String> found = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      for (String prefix : prefixes) {
        if (name.startsWith(prefix)) {
          found.add(name.replace(".jar", ""));
        }
      }
    }
    return String.join(", ", found);
  }
}
