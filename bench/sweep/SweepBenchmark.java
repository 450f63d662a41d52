import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageOptions;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.storage.ArtifactStores;
import ai.pretrain.sweep.SweepRequest;
import ai.pretrain.sweep.SweepResult;
import ai.pretrain.sweep.SweepWorkflow;
import ai.pretrain.worker.PipelineWorker;
import ai.pretrain.worker.WorkerConfig;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sweep benchmark: the MNIST fine-tune of the demo pipeline over one 27-configuration space (learning rate x weight
 * decay x batch size, 3 values each, up to 27 epochs), searched four ways: full grid, random (9 trials), ASHA over the
 * grid (eta 3, rungs 1/3/9/27 epochs) and TPE+ASHA (27 trials). Runs the real workflows and DJL training in-process on
 * Temporal's test server, with a local artifact directory, and writes results.md beside itself.
 *
 * <p>Run with {@code bench/sweep/run.sh}.
 */
public class SweepBenchmark {

  static final String BASE = """
      name: sweep-bench
      seed: 42
      dataset: {name: mnist}
      prep: {validationFraction: 0.1, testFraction: 0.1, labeledFraction: 0.01}
      pretrain: {objective: denoising-autoencoder, hiddenUnits: [512, 256], latentUnits: 64, corruption: gaussian,
                 corruptionLevel: 0.5, epochs: 20, batchSize: 128, learningRate: 0.001}
      adapt: {headHiddenUnits: 0, dropout: 0.1, freezeEncoder: false}
      fineTune: {epochs: 27, batchSize: 16, learningRate: 0.001, weightDecay: 0.0001, patience: 30}
      """;
  static final String SPACE = """
        parameters:
          fineTune.learningRate: [0.0003, 0.001, 0.003]
          fineTune.weightDecay: [0.0, 0.0001, 0.001]
          fineTune.batchSize: [8, 16, 32]
      """;
  static final Map<String, String> SEARCHES = new java.util.LinkedHashMap<>();

  static {
    SEARCHES.put("grid", "sweep:\n  method: grid\n  parallelism: 2\n  maxEpochs: 27\n" + SPACE);
    SEARCHES.put("random", "sweep:\n  method: random\n  maxTrials: 9\n  parallelism: 2\n  maxEpochs: 27\n" + SPACE);
    SEARCHES.put("asha", "sweep:\n  method: grid\n  scheduler: asha\n  minEpochs: 1\n  maxEpochs: 27\n"
        + "  reductionFactor: 3\n  parallelism: 2\n" + SPACE);
    SEARCHES.put("tpe+asha", "sweep:\n  method: tpe\n  maxTrials: 27\n  startupTrials: 9\n  scheduler: asha\n"
        + "  minEpochs: 1\n  maxEpochs: 27\n  reductionFactor: 3\n  parallelism: 2\n" + SPACE);
    // The same two with a first rung of 3 epochs (rungs 3/9/27): fewer slow starters dropped after one epoch.
    SEARCHES.put("asha, first rung 3", SEARCHES.get("asha").replace("minEpochs: 1", "minEpochs: 3"));
    SEARCHES.put("tpe+asha, first rung 3", SEARCHES.get("tpe+asha").replace("minEpochs: 1", "minEpochs: 3"));
  }

  /** Data prep, pretraining and adaptation, once: the stages every search shares. */
  @WorkflowInterface
  public interface Prepare {
    @WorkflowMethod
    List<StageResult> run(PipelineSpec spec);
  }

  public static class PrepareImpl implements Prepare {
    @Override
    public List<StageResult> run(PipelineSpec spec) {
      DataPrepActivities prep = Workflow.newActivityStub(DataPrepActivities.class, StageOptions.QUICK);
      TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class, StageOptions.TRAINING);
      RunContext run = new RunContext("sweep-bench", spec.name(), spec.seed());
      PreparedData data = prep.prepareData(run, spec.dataset(), spec.prep());
      StageResult pretrained = training.pretrain(run, spec.pretrain(), data);
      StageResult adapted = training.adapt(run, spec.pretrain(), spec.adapt(), data, pretrained);
      return List.of(data.result(), adapted);
    }
  }

  record Row(String search, int trials, long trialEpochs, double best, Map<String, Double> parameters, int bestEpochs,
      double seconds) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/sweep/results.md");
    String loadBefore = load();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putIfAbsent(ArtifactStores.STORE_URI,
        Path.of(System.getProperty("user.home"), ".cache", "pretrain", "bench-artifacts").toUri().toString());
    // One training slot: DJL's PyTorch engine allows one gradient collector per process, so trainings in one worker
    // take turns per step and a second slot adds no throughput on this machine (older builds failed outright).
    env.putIfAbsent("WORKER_TRAINING_SLOTS", "1");
    TestWorkflowEnvironment testEnv = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    WorkerFactory workers = PipelineWorker.start(testEnv.getWorkflowClient(), WorkerConfig.fromEnvironment(env),
        ArtifactStores.fromEnvironment(env));
    WorkerFactory bench = WorkerFactory.newInstance(testEnv.getWorkflowClient());
    bench.newWorker("sweep-bench").registerWorkflowImplementationTypes(PrepareImpl.class);
    bench.start();

    SpecParser parser = new SpecParser();
    // BENCH_SMOKE=1 checks the command end to end in minutes: 1 pretraining epoch, trials of at most 3 epochs.
    boolean smoke = "1".equals(System.getenv("BENCH_SMOKE"));
    String baseSpec = smoke ? BASE.replace("epochs: 20", "epochs: 1") : BASE;
    PipelineSpec base = parser.parse(baseSpec);
    long t0 = System.nanoTime();
    List<StageResult> prepared = testEnv.getWorkflowClient().newWorkflowStub(Prepare.class,
        WorkflowOptions.newBuilder().setTaskQueue("sweep-bench").setWorkflowId("sweep-bench-prepare").build())
        .run(base);
    System.out.printf(Locale.ROOT, "prepared data and adapted model in %.0f s%n", (System.nanoTime() - t0) / 1e9);

    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, String> search : SEARCHES.entrySet()) {
      PipelineSpec spec = parser.parse(baseSpec + (smoke ? search.getValue().replace("maxEpochs: 27", "maxEpochs: 3")
          : search.getValue()));
      SweepWorkflow sweep = testEnv.getWorkflowClient().newWorkflowStub(SweepWorkflow.class, WorkflowOptions
          .newBuilder().setTaskQueue(TaskQueues.CPU).setWorkflowId("sweep-bench-" + search.getKey().replaceAll("[^a-z0-9]+", "-")).build());
      long start = System.nanoTime();
      SweepResult result = sweep.run(new SweepRequest(new RunContext("sweep-bench-" + search.getKey().replaceAll("[^a-z0-9]+", "-"), spec.name(),
          spec.seed()), spec.sweep(), spec.pretrain(), spec.adapt(), spec.fineTune(), PreparedData.of(prepared.get(0)), null,
          prepared.get(1)));
      Row row = new Row(search.getKey(), result.trials().size(), result.trialEpochs(),
          result.best().metrics().get("validationAccuracy"), result.bestParameters(),
          result.trials().get(result.bestTrial()).epochs(), (System.nanoTime() - start) / 1e9);
      rows.add(row);
      System.out.println(row);
    }
    bench.shutdown();
    workers.shutdown();
    testEnv.close();
    Files.writeString(out, (smoke ? "> SMOKE RUN (BENCH_SMOKE=1): 1 pretraining epoch, trials of at most 3 epochs; "
        + "not the benchmark's numbers.\n\n" : "") + report(rows, loadBefore, load()));
    System.out.println("wrote " + out);
  }

  static String report(List<Row> rows, String loadBefore, String loadAfter) throws Exception {
    StringBuilder md = new StringBuilder("# Sweep benchmark\n\n");
    md.append("MNIST fine-tune of the demo pipeline (79 labels), one 27-configuration space: learningRate "
        + "{3e-4, 1e-3, 3e-3} x weightDecay {0, 1e-4, 1e-3} x batchSize {8, 16, 32}, up to 27 epochs, metric "
        + "validationAccuracy (max), seed 42, parallelism 2 on one worker with one training slot. ASHA: eta 3, rungs of 1/3/9/27 epochs (first rung 1), or 3/9/27 (first rung 3). A "
        + "promoted trial goes on from its previous rung's training state (last epoch's weights, Adam's moments and "
        + "step counts, early stopping's best epoch), with the learning-rate schedule and batch order of a 27-epoch "
        + "trial, so its rungs are the same training as 27 straight epochs; a rung reports the best epoch so far. "
        + "Trial-epochs count the epochs each rung was asked for (patience 30: no trial stops early).\n\n");
    md.append("| search | trials | trial-epochs | share of grid | best validation accuracy | best parameters "
        + "| epochs of best | wall s |\n| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n");
    long gridEpochs = rows.get(0).trialEpochs();
    double gridBest = rows.get(0).best();
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f%% | %.4f | %s | %d | %.0f |%n", r.search(),
          r.trials(), r.trialEpochs(), 100.0 * r.trialEpochs() / gridEpochs, r.best(), r.parameters(),
          r.bestEpochs(), r.seconds()));
    }
    md.append("\nTarget: ASHA within 0.5 points of grid-best with at most 30% of the grid's trial-epochs.\n\n");
    for (Row asha : rows.stream().filter(r -> r.search().startsWith("asha")).toList()) {
      boolean met = gridBest - asha.best() <= 0.005 && asha.trialEpochs() <= 0.3 * gridEpochs;
      md.append(String.format(Locale.ROOT, "- %s: %s (%.2f points behind grid-best, %.0f%% of its trial-epochs)%n",
          asha.search(), met ? "met" : "NOT met", 100 * (gridBest - asha.best()),
          100.0 * asha.trialEpochs() / gridEpochs));
    }
    md.append("\nWall times include stage-cache hits: a configuration trained by an earlier search in the same run "
        + "is reused, so compare trial-epochs, not seconds.\n\n## Machine\n\n");
    md.append("- CPU: ").append(cpu()).append(" (").append(Runtime.getRuntime().availableProcessors())
        .append(" cores visible)\n");
    md.append("- Memory: ").append(memory()).append("\n");
    md.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
        .append(' ').append(System.getProperty("os.arch")).append("\n");
    md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append("\n");
    md.append("- Libraries: ").append(jars("temporal-sdk-", "pytorch-engine-", "pytorch-native-cpu-",
        "pytorch-jni-")).append("\n");
    md.append("- Commit: ").append(System.getenv().getOrDefault("BENCH_COMMIT", "?")).append("\n");
    md.append("- Load average (1, 5, 15 min): ").append(loadBefore).append(" at the start, ").append(loadAfter)
        .append(" at the end\n");
    return md.toString();
  }

  static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (Exception e) {
      return "?";
    }
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
    } catch (Exception e) {
      return "?";
    }
  }

  static String memory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
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
