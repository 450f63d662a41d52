package ai.pretrain.huggingface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.data.TestData;
import ai.pretrain.evaluation.EvaluationActivitiesImpl;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.ContinuedPretrainingSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.ArtifactStores;
import ai.pretrain.storage.MinioArtifactStore;
import ai.pretrain.storage.SourceObjects;
import ai.pretrain.training.TrainedClassifier;
import ai.pretrain.training.TrainingActivitiesImpl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's stages on an imported checkpoint, against the real MinIO server ({@code scripts/services.sh start}) and real
 * DJL training: the small random BERT of {@code scripts/make-bert-fixtures.py} in the bucket, the SpamAssassin
 * emails tokenized by its own tokenizer, the import fine-tuned (fully, with LoRA on its own layer names) and against
 * a scratch BERT of the same shape, and the result exported as a Hugging Face folder that computes what the run
 * scored.
 */
class CheckpointStagesTest {

  private static final String BUCKET = "pretrain-artifacts";
  private static final String PREFIX = "checkpoint-stages-test-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Path TINY = BertCheckpointParityTest.FIXTURES.resolve("tiny-bert");
  private static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json",
      "vocab.txt", "tokenizer_config.json", "special_tokens_map.json");
  private static final RunContext RUN = new RunContext("run-checkpoint", "checkpoint-stages-test", 42);
  private static final PrepSpec PREP = new PrepSpec(0.1, 0.1, 0.05, 2000);
  private static final int LENGTH = 48;
  private static final FineTuneSpec FINE_TUNE =
      new FineTuneSpec(3, 16, 1e-3, 0.01, 10, null, null, 0, null, null, 2, LENGTH);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path downloads;

  private static TestActivityEnvironment env;
  private static MinioArtifactStore store;
  private static TrainingActivities training;
  private static EvaluationActivities evaluation;
  private static PretrainSpec spec;
  private static PreparedData data;
  private static StageResult pretrained;
  private static StageResult fineTuned;
  private static StageResult scratch;
  private static StageResult evaluated;

  @BeforeAll
  static void runTheStages() throws Exception {
    Path dataRoot = TestData.require("spam-assassin/spam-assassin.jsonl", "spam-assassin");
    Map<String, String> variables = new HashMap<>();
    for (String name : List.of(ArtifactStores.S3_ENDPOINT, ArtifactStores.S3_ACCESS_KEY,
        ArtifactStores.S3_SECRET_KEY)) {
      String value = System.getenv(name);
      if (value == null || value.isBlank()) {
        fail(name + " is not set: this test needs a real MinIO server. Run `scripts/services.sh start` and "
            + "`source .run/services.env` before `mvn test`.");
      }
      variables.put(name, value);
    }
    variables.put(ArtifactStores.STORE_URI, "s3://" + BUCKET + "/" + PREFIX + "/store");
    MinioClient client = ArtifactStores.s3Client(variables);
    String folder = PREFIX + "/models/tiny-bert/";
    for (String file : FILES) {
      client.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(folder + file)
          .filename(TINY.resolve(file).toString()).build());
    }
    spec = PretrainSpec.importing(new CheckpointSpec("s3://" + BUCKET + "/" + folder, null));
    store = new MinioArtifactStore(ArtifactStores.s3Connection(variables), BUCKET, PREFIX + "/store");
    StageRunner stages = new StageRunner(store);
    SourceObjects sources = SourceObjects.fromEnvironment(variables);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new DataPrepActivitiesImpl(stages, new DatasetCatalog(dataRoot), new SourceDatasets(sources)),
        new TrainingActivitiesImpl(stages, Duration.ofHours(1), sources), new EvaluationActivitiesImpl(stages));
    ActivityOptions options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
    DataPrepActivities dataPrep = env.newActivityStub(DataPrepActivities.class, options);
    training = env.newActivityStub(TrainingActivities.class, options);
    evaluation = env.newActivityStub(EvaluationActivities.class, options);

    data = dataPrep.prepareCheckpointText(RUN, new DatasetSpec("spam-assassin"), PREP, spec.from(), LENGTH);
    pretrained = training.pretrain(RUN, spec, data);
    AdaptSpec adapt = AdaptSpec.defaults();
    fineTuned = training.fineTune(RUN, spec.encoder(), adapt, FINE_TUNE, data, training.adapt(RUN, spec, adapt, data,
        pretrained));
    scratch = training.fineTune(RUN, spec.encoder(), adapt, FINE_TUNE, data, training.adapt(RUN, spec, adapt, data, null));
    Map<String, StageResult> models = new LinkedHashMap<>();
    models.put("pretrained", fineTuned);
    models.put("scratch", scratch);
    evaluated = evaluation.evaluate(RUN, spec.encoder(), adapt, data, models, List.of());
  }

  @AfterAll
  static void close() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void dataPrepTokenizesEveryDocumentWithTheCheckpointsTokenizer() throws Exception {
    assertTrue(data.artifacts().keySet().containsAll(List.of("checkpoint-config", "tokenizer", "vocab.txt",
        "tokenizer_config.json", "special_tokens_map.json", "train-000", "labeled", "validation", "test", "domain",
        "domain-validation")), data.artifacts().keySet().toString());
    assertEquals(LENGTH, data.metrics().get("features"));
    assertEquals(1000.0, data.metrics().get("vocabularySize"));
    ExampleShard test = ExampleShard.read(download(data.result(), "test"));
    try (CheckpointTokenizer tokenizer = new CheckpointTokenizer(TINY.resolve("tokenizer.json"), LENGTH, 0)) {
      long[] empty = tokenizer.sequence("");
      for (int row = 0; row < test.size(); row++) {
        float[] ids = new float[LENGTH];
        test.copyFeatures(row, ids, 0);
        assertEquals(empty[0], (long) ids[0], "every sequence opens with the checkpoint's [CLS]");
      }
    }
    assertTrue(data.metrics().get("domainWindows") > data.metrics().get("trainExamples"),
        "long emails give several masked-LM windows: " + data.metrics());
  }

  @Test
  void theImportAndAScratchTwinOfItsShapeAreFineTunedAndScored() {
    assertTrue(fineTuned.metrics().get("validationAccuracy") > 0.5, fineTuned.metrics().toString());
    assertEquals(fineTuned.metrics().get("trainableParameters"), scratch.metrics().get("trainableParameters"),
        "the scratch baseline is the same architecture");
    assertTrue(evaluated.metrics().containsKey("pretrained.accuracy"), evaluated.metrics().toString());
    assertTrue(evaluated.metrics().containsKey("scratch.accuracy"), evaluated.metrics().toString());
  }

  @Test
  void loraOnTheCheckpointsOwnLayerNamesTrainsOnlyTheAdaptersAndTheClassifier() {
    AdaptSpec lora = new AdaptSpec(0, 0.0, false, List.of(),
        new LoraSpec(4, 8.0, List.of("encoder.layer.*.attention.self.query")), null);
    FineTuneSpec oneEpoch = new FineTuneSpec(1, 16, 1e-3, 0.0, 10, null, null, 2, null, null);

    StageResult adapted = training.fineTune(RUN, spec.encoder(), lora, oneEpoch, data,
        training.adapt(RUN, spec, lora, data, pretrained));

    // per layer: A (4 x 32) and B (32 x 4); the classifier: 2 x 32 weights and 2 biases
    assertEquals(2 * (4 * 32 + 32 * 4) + 2 * 32 + 2, adapted.metrics().get("trainableParameters"));
  }

  @Test
  void continuedPretrainingTrainsAMaskedLanguageModelOnTheTasksTextAndTheClassifierStartsFromIt() throws Exception {
    AdaptSpec domainAdapted = new AdaptSpec(0, 0.0, false, List.of(), null,
        new ContinuedPretrainingSpec(1, 16, 1e-3, 20));

    StageResult adapted = training.adapt(RUN, spec, domainAdapted, data, pretrained);

    assertTrue(adapted.metrics().get("domainPerplexityAfter") < adapted.metrics().get("domainPerplexityBefore"),
        adapted.metrics().toString());
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights continued =
          CheckpointWeights.read(manager, download(adapted, "domain-language-model"));
      assertTrue(continued.has("cls.predictions.bias") && continued.has("cls.predictions.transform.dense.weight"),
          "a BertForMaskedLM checkpoint: " + continued.names());
      assertEquals(CheckpointWeights.read(manager, TINY.resolve("model.safetensors")).tensor("pooler.dense.weight"),
          continued.tensor("pooler.dense.weight"), "masked-LM training leaves the pooler as imported");
    }
  }

  @Test
  void aFreezeGlobThatMatchesNoLayerOfTheCheckpointFailsForGoodListingTheLayers() {
    AdaptSpec typo = new AdaptSpec(0, 0.0, false, List.of("encoder.layers.0.*"));

    ActivityFailure failure =
        assertThrows(ActivityFailure.class, () -> training.adapt(RUN, spec, typo, data, pretrained));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().startsWith("adapt.freeze: [encoder.layers.0.*] match no layer of the "
        + "checkpoint; its layers are embeddings.word_embeddings, "), cause.getOriginalMessage());
  }

  @Test
  void theExportIsAHuggingFaceFolderThatComputesWhatTheRunScored() throws Exception {
    JsonNode config = JSON.readTree(download(evaluated, "huggingface-config.json").toFile());
    assertEquals("BertForSequenceClassification", config.path("architectures").path(0).asText());
    assertEquals("ham", config.path("id2label").path("0").asText());
    assertEquals(1, config.path("label2id").path("spam").asInt());
    assertTrue(evaluated.artifacts().keySet().containsAll(List.of("huggingface-model.safetensors",
        "huggingface-tokenizer.json", "huggingface-vocab.txt", "huggingface-tokenizer_config.json")),
        evaluated.artifacts().keySet().toString());

    BertConfig architecture = BertConfig.read(TINY.resolve("config.json"));
    ExampleShard test = ExampleShard.read(download(data.result(), "test"));
    float[][] scored;
    try (TrainedClassifier run = TrainedClassifier.load(new BertClassifier(architecture, AdaptSpec.defaults(), 2),
        download(fineTuned, "model"))) {
      scored = run.probabilities(test);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      BertSequenceClassifier exported = new BertSequenceClassifier(architecture, 2, Set.of(), null);
      exported.initialize(manager, DataType.FLOAT32, new Shape(1, LENGTH));
      CheckpointWeights weights =
          CheckpointWeights.read(manager, download(evaluated, "huggingface-model.safetensors"));
      assertTrue(weights.has("classifier.weight") && weights.has("embeddings.word_embeddings.weight"));
      weights.load(exported.layers());
      float[] ids = new float[8 * LENGTH];
      for (int row = 0; row < 8; row++) {
        test.copyFeatures(row, ids, row * LENGTH);
      }
      NDArray logits = exported.forward(new ParameterStore(manager, false),
          new NDList(manager.create(ids, new Shape(8, LENGTH))), false).head();
      float[] probabilities = logits.softmax(1).toFloatArray();
      for (int row = 0; row < 8; row++) {
        assertArrayEquals(scored[row], new float[] {probabilities[2 * row], probabilities[2 * row + 1]}, 1e-5f);
      }
    }
  }

  private static Path download(StageResult stage, String artifact) {
    Path target = downloads.resolve(stage.stage() + "-" + artifact);
    store.download(stage.artifact(artifact), target);
    return target;
  }
}
