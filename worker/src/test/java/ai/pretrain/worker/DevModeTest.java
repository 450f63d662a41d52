package ai.pretrain.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.pretrain.pipeline.PipelineResult;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import ai.pretrain.pipeline.TaskQueues;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.storage.LocalArtifactStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode needs nothing installed: with no Temporal address the worker starts an in-process Temporal server and keeps
 * artifacts in a directory, and the quick example specs (MNIST images, the wine table, the diabetes regression, the
 * spam emails) run through every stage with real DJL training.
 */
class DevModeTest {

  @ParameterizedTest
  @CsvSource({"mnist-smoke.yaml, mnist/mnist.ptds, 0.1", "wine-tabular.yaml, sklearn/wine_data.csv, 0.8",
      "spam-smoke.yaml, spam-assassin/spam-assassin.jsonl, 0.75"})
  void aQuickExampleRunsEndToEndOnTheInProcessServer(String example, String dataFile, double minimumAccuracy,
      @TempDir Path store) throws Exception {
    Map<String, Double> metrics = runExample(example, dataFile, store);

    System.out.println(example + ": test accuracy " + metrics.entrySet().stream()
        .filter(m -> m.getKey().endsWith(".accuracy"))
        .map(m -> String.format("%s %.3f", m.getKey().replace(".accuracy", ""), m.getValue()))
        .collect(java.util.stream.Collectors.joining(", ")));
    assertTrue(metrics.get("pretrained.accuracy") >= minimumAccuracy, metrics.toString());
  }

  @Test
  void theRegressionExampleRunsEndToEndAndExplainsMostOfTheTargetsVariance(@TempDir Path store) throws Exception {
    Map<String, Double> metrics = runExample("diabetes-regression.yaml", "sklearn/diabetes_target.csv.gz", store);

    for (String model : List.of("pretrained", "scratch", "linear-probe")) {
      System.out.printf("diabetes-regression.yaml: %s test MSE %.1f, MAE %.2f, R² %.3f%n", model,
          metrics.get(model + ".mse"), metrics.get(model + ".mae"), metrics.get(model + ".r2"));
    }
    // Ordinary least squares fitted on the example's 67 labeled rows reaches a test R² of 0.409
    // (scripts/diabetes-least-squares.py 42 0.2 0.2 0.25, scikit-learn 1.9); the pretrained model must explain a good
    // part of the variance too, with errors in the target's units (tens, not fractions of a standard deviation).
    assertTrue(metrics.get("pretrained.r2") > 0.25, metrics.toString());
    assertTrue(metrics.get("pretrained.mae") > 10 && metrics.get("pretrained.mae") < 80, metrics.toString());
    assertFalse(metrics.containsKey("pretrained.accuracy"), metrics.toString());
  }

  /** Runs an example spec through every stage in dev mode and returns the evaluate stage's metrics. */
  private static Map<String, Double> runExample(String example, String dataFile, Path store) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DEV_TEMPORAL_PORT", Integer.toString(freePort()));
    String dataRoot = System.getenv("PRETRAIN_DATA_ROOT");
    if (dataRoot != null) {
      env.put("PRETRAIN_DATA_ROOT", dataRoot);
    }
    WorkerConfig config = WorkerConfig.fromEnvironment(env);
    if (!Files.exists(config.dataRoot().resolve(dataFile))) {
      fail(dataFile + " is not in " + config.dataRoot() + ": run scripts/fetch-data.sh (the test command does)");
    }
    String spec = Files.readString(Path.of("..", "examples", example));

    try (TemporalConnection connection = new TemporalConnection(config, new SimpleMeterRegistry())) {
      WorkflowClient client = WorkflowClient.newInstance(connection.service());
      WorkerFactory factory = PipelineWorker.start(client, config, new LocalArtifactStore(store));
      try {
        PipelineWorkflow pipeline = client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
            .setTaskQueue(TaskQueues.CPU)
            .setWorkflowId("dev-mode-" + example)
            .build());
        PipelineResult result = pipeline.run(new SpecParser().parse(spec));

        for (StageProgress stage : result.stages()) {
          StageState expected = stage.stage().equals("sweep") ? StageState.SKIPPED : StageState.COMPLETED;
          assertEquals(expected, stage.state(), stage.stage() + ": " + stage.message());
        }
        result.stages().stream().filter(stage -> stage.metrics().containsKey("domainPerplexityBefore"))
            .forEach(adapt -> System.out.printf("%s: continued pretraining, held-out email perplexity %.1f -> %.1f%n",
                example, adapt.metrics().get("domainPerplexityBefore"), adapt.metrics().get("domainPerplexityAfter")));
        assertTrue(Files.exists(store.resolve("stages")), "artifacts in the directory store");
        assertTrue(result.evaluation().artifacts().containsKey("report-html"),
            result.evaluation().artifacts().toString());
        return result.evaluation().metrics();
      } finally {
        factory.shutdownNow();
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
