package ai.pretrain.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode needs nothing installed: with no Temporal address the worker starts an in-process Temporal server and keeps
 * artifacts in a directory, and the quick example specs (MNIST images, the wine table) run through every stage with
 * real DJL training.
 */
class DevModeTest {

  @ParameterizedTest
  @CsvSource({"mnist-smoke.yaml, mnist/mnist.ptds, 0.1", "wine-tabular.yaml, sklearn/wine_data.csv, 0.8",
      "spam-smoke.yaml, spam-assassin/spam-assassin.jsonl, 0.75"})
  void aQuickExampleRunsEndToEndOnTheInProcessServer(String example, String dataFile, double minimumAccuracy,
      @TempDir Path store) throws Exception {
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
        System.out.println(example + ": test accuracy " + result.evaluation().metrics().entrySet().stream()
            .filter(m -> m.getKey().endsWith(".accuracy"))
            .map(m -> String.format("%s %.3f", m.getKey().replace(".accuracy", ""), m.getValue()))
            .collect(java.util.stream.Collectors.joining(", ")));
        result.stages().stream().filter(stage -> stage.metrics().containsKey("domainPerplexityBefore"))
            .forEach(adapt -> System.out.printf("%s: continued pretraining, held-out email perplexity %.1f -> %.1f%n",
                example, adapt.metrics().get("domainPerplexityBefore"), adapt.metrics().get("domainPerplexityAfter")));
        assertTrue(result.evaluation().metrics().get("pretrained.accuracy") >= minimumAccuracy,
            result.evaluation().metrics().toString());
        assertTrue(Files.exists(store.resolve("stages")), "artifacts in the directory store");
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
