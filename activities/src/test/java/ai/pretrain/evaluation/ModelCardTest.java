package ai.pretrain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.TestData;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.training.TrainingActivitiesImpl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wine model's card, as the evaluate stage writes it, holds what rebuilding the model takes (issue 19: its
 * layout, input standardization, classes and split) and conforms to the published schema, docs/model-card.schema.json.
 */
class ModelCardTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RunContext RUN = new RunContext("run-card", "card-test", 42);
  private static final PipelineSpec SPEC = new SpecParser().parse("""
      name: card-test
      dataset: {name: wine}
      prep: {labeledFraction: 0.5}
      pretrain: {hiddenUnits: [16], latentUnits: 8, epochs: 1}
      adapt: {headHiddenUnits: 8, dropout: 0.2}
      fineTune: {epochs: 1, batchSize: 16}
      evaluate: {baselines: []}
      """);

  @TempDir Path work;

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void theCardOfATableModelSaysHowToRebuildItAndConformsToItsSchema() throws Exception {
    Path dataRoot = TestData.require("sklearn/wine_data.csv", "sklearn");
    StageRunner runner = new StageRunner(new LocalArtifactStore(work.resolve("store")));
    env.registerActivitiesImplementations(new DataPrepActivitiesImpl(runner, new DatasetCatalog(dataRoot)),
        new TrainingActivitiesImpl(runner, Duration.ofHours(1)), new EvaluationActivitiesImpl(runner));
    ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build();
    TrainingActivities training = env.newActivityStub(TrainingActivities.class, options);
    PreparedData data =
        env.newActivityStub(DataPrepActivities.class, options).prepareData(RUN, SPEC.dataset(), SPEC.prep());
    StageResult pretrained = training.pretrain(RUN, SPEC.pretrain(), data);
    StageResult adapted = training.adapt(RUN, SPEC.pretrain(), SPEC.adapt(), data, pretrained);
    StageResult model = training.fineTune(RUN, SPEC.pretrain().encoder(), SPEC.adapt(), SPEC.fineTune(), data, adapted);
    StageResult evaluated = env.newActivityStub(EvaluationActivities.class, options)
        .evaluate(RUN, SPEC.pretrain().encoder(), SPEC.adapt(), data, Map.of("pretrained", model), List.of());

    JsonNode card = JSON.readTree(Path.of(URI.create(evaluated.artifact("model-card").uri())).toFile());
    try (InputStream schema = Files.newInputStream(Path.of("..", "docs", "model-card.schema.json"))) {
      JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
      assertEquals(Set.of(), validator.validate(card), card.toPrettyString());
    }

    assertEquals(1, card.get("schemaVersion").asInt());
    assertEquals("classification", card.get("task").asText());
    assertEquals(13, card.at("/input/features").asInt());
    assertEquals(13, card.at("/input/encoding/mean").size(), "wine is standardized with the training split's means");
    assertTrue(card.at("/input/encoding/standardDeviation/0").asDouble() > 0);
    assertEquals(List.of("0", "1", "2"), JSON.convertValue(card.at("/output/classes"), List.class));
    assertEquals(List.of("linear", "relu", "linear", "relu", "dropout", "linear", "relu", "linear"),
        card.get("network").findValuesAsText("op"));
    assertEquals(0.2, card.at("/network/4/p").asDouble());
    Set<String> named = new HashSet<>(card.get("network").findValuesAsText("weight"));
    named.addAll(card.get("network").findValuesAsText("bias"));
    assertEquals(Set.copyOf(JSON.convertValue(card.get("tensors"), List.class)), named);

    assertEquals(42, card.at("/split/drawn/seed").asLong());
    assertEquals(0.1, card.at("/split/drawn/testFraction").asDouble());
    assertTrue(card.at("/split/drawn/algorithm").asText().contains("java.util.Random(seed)"));
    // the test ids are rows of the dataset (178 wines), one per test example, in the test shard's order
    JsonNode examples = JSON.readTree(Path.of(URI.create(card.at("/split/testExamples/uri").asText())).toFile());
    ExampleShard test = ExampleShard.read(Path.of(URI.create(card.at("/split/testShard/uri").asText())));
    assertEquals(test.size(), examples.get("ids").size());
    Set<Integer> rows = new HashSet<>();
    examples.get("ids").forEach(id -> rows.add(Integer.parseInt(id.asText())));
    assertEquals(test.size(), rows.size());
    assertTrue(rows.stream().allMatch(row -> row >= 0 && row < 178), rows.toString());
  }
}
