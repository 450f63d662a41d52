package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.TestData;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.Stages;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.source.MinioSources;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.ArtifactStore;
import ai.pretrain.storage.ArtifactStores;
import ai.pretrain.training.TrainingActivitiesImpl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two runs whose evaluate stage has the same cache key (the same data in another file format, or the same spec
 * submitted twice) and both compute it, as runs in flight together do: each keeps a model card that reads back,
 * in real MinIO, although each card names its own run.
 */
class SharedEvaluationKeyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PipelineSpec SPEC = new SpecParser().parse("""
      name: shared-evaluation-test
      dataset: {name: mnist}
      prep: {labeledFraction: 0.05}
      pretrain: {hiddenUnits: [16], latentUnits: 8, epochs: 1, maxBatchesPerEpoch: 2}
      fineTune: {epochs: 1, batchSize: 32, maxBatchesPerEpoch: 2}
      """);

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void eachRunsModelCardReadsBackWhenAnotherRunWritesTheSameEvaluateKey() throws Exception {
    MinioSources minio = new MinioSources("shared-evaluation-test");
    Map<String, String> storeEnv = new HashMap<>(minio.env());
    storeEnv.put(ArtifactStores.STORE_URI, minio.uri("store"));
    ArtifactStore store = ArtifactStores.fromEnvironment(storeEnv);
    StageRunner runner = new StageRunner(store);
    env.registerActivitiesImplementations(
        new DataPrepActivitiesImpl(runner, new DatasetCatalog(TestData.require("mnist/mnist.ptds", "mnist"))),
        new TrainingActivitiesImpl(runner, Duration.ofHours(1)), new EvaluationActivitiesImpl(runner));
    ActivityOptions options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
    RunContext first = new RunContext("run-first", "churn-csv", 42);
    // the second computes the same key again, as a run that missed the cache while the first was still evaluating
    RunContext second = new RunContext("run-second", "churn-parquet", 42, List.of(Stages.EVALUATE));
    TrainingActivities training = env.newActivityStub(TrainingActivities.class, options);
    PreparedData data =
        env.newActivityStub(DataPrepActivities.class, options).prepareData(first, SPEC.dataset(), SPEC.prep());
    StageResult adapted = training.adapt(first, SPEC.pretrain(), SPEC.adapt(), data, null);
    Map<String, StageResult> models = Map.of("pretrained",
        training.fineTune(first, SPEC.pretrain().encoder(), SPEC.adapt(), SPEC.fineTune(), data, adapted));
    EvaluationActivities evaluation = env.newActivityStub(EvaluationActivities.class, options);

    StageResult firstEvaluation =
        evaluation.evaluate(first, SPEC.pretrain().encoder(), SPEC.adapt(), data, models, List.of());
    StageResult secondEvaluation =
        evaluation.evaluate(second, SPEC.pretrain().encoder(), SPEC.adapt(), data, models, List.of());

    assertEquals(firstEvaluation.cacheKey(), secondEvaluation.cacheKey());
    assertNotEquals(firstEvaluation.artifact(Artifacts.MODEL_CARD), secondEvaluation.artifact(Artifacts.MODEL_CARD));
    assertEquals("run-first", card(store, firstEvaluation).path("lineage").path("runId").asText());
    assertEquals("churn-csv", card(store, firstEvaluation).path("name").asText());
    assertEquals("run-second", card(store, secondEvaluation).path("lineage").path("runId").asText());
  }

  /** The run's model card, read through the store, which checks its sha256. */
  private static JsonNode card(ArtifactStore store, StageResult evaluation) throws Exception {
    ArtifactRef ref = evaluation.artifact(Artifacts.MODEL_CARD);
    try (InputStream in = store.open(ref)) {
      return JSON.readTree(in.readAllBytes());
    }
  }
}
