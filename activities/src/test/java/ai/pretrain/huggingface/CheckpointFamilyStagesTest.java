package ai.pretrain.huggingface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.evaluation.EvaluationActivitiesImpl;
import ai.pretrain.export.Safetensors;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.EvaluationActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.source.MinioSources;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.ContinuedPretrainingSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.EvaluateSpec;
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
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.UploadObjectArgs;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stages of a run on an imported RoBERTa and DistilBERT checkpoint, as a user runs them: a small labeled text set
 * by URI in the real MinIO server ({@code scripts/services.sh start}), the random checkpoints of
 * {@code scripts/make-encoder-fixtures.py} in the bucket, data prep with the checkpoint's tokenizer, the import,
 * continued masked-LM pretraining through the family's own head, fine-tuning fully, with LoRA and with frozen layers on
 * the family's own layer names, and the evaluate stage's export as transformers' ForSequenceClassification folder.
 */
class CheckpointFamilyStagesTest {

  private static final RunContext RUN = new RunContext("run-family", "checkpoint-family-stages-test", 42);
  private static final PrepSpec PREP = new PrepSpec(0.2, 0.2, 1.0, 2000);
  private static final int LENGTH = 32;
  private static final FineTuneSpec ONE_EPOCH =
      new FineTuneSpec(1, 16, 1e-3, 0.0, 10, null, null, 0, null, null, 1, LENGTH);
  private static final ContinuedPretrainingSpec CONTINUED = new ContinuedPretrainingSpec(1, 16, 1e-3, 0);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Each family's fixture, its tokenizer files, transformers' class and one linear layer of layer 0 by its name. */
  enum Family {
    ROBERTA("tiny-roberta", "roberta", "RobertaForSequenceClassification", "encoder.layer.0.attention.self.query",
        List.of("lm_head.dense.weight", "lm_head.layer_norm.weight", "lm_head.bias"),
        List.of("vocab.json", "merges.txt")),
    DISTILBERT("tiny-distilbert", "distilbert", "DistilBertForSequenceClassification",
        "transformer.layer.0.attention.q_lin",
        List.of("vocab_transform.weight", "vocab_layer_norm.weight", "vocab_projector.bias"), List.of("vocab.txt")),
    ELECTRA("tiny-electra", "electra", "ElectraForSequenceClassification", "encoder.layer.0.attention.self.query",
        List.of("generator_predictions.dense.weight", "generator_predictions.LayerNorm.weight",
            "generator_lm_head.bias"), List.of("vocab.txt"));

    final String fixture;
    final String modelType;
    final String architecture;
    final String query;
    final List<String> maskedLanguageModelHead;
    final List<String> files = new ArrayList<>(List.of("config.json", "model.safetensors", "tokenizer.json",
        "tokenizer_config.json", "special_tokens_map.json"));

    Family(String fixture, String modelType, String architecture, String query, List<String> maskedLanguageModelHead,
        List<String> vocabulary) {
      this.fixture = fixture;
      this.modelType = modelType;
      this.architecture = architecture;
      this.query = query;
      this.maskedLanguageModelHead = maskedLanguageModelHead;
      files.addAll(vocabulary);
    }

    Path folder() {
      return BertCheckpointParityTest.FIXTURES.resolve(fixture);
    }

    /** Whether a tensor is the masked-LM head's ({@code lm_head.*}, {@code vocab_*}, {@code generator_*}). */
    boolean inHead(String tensor) {
      return tensor.startsWith(switch (this) {
        case ROBERTA -> "lm_head.";
        case DISTILBERT -> "vocab_";
        case ELECTRA -> "generator_";
      });
    }

    /** Every layer's query, by the glob a user writes. */
    String queries() {
      return query.replace(".0.", ".*.");
    }
  }

  /** What every test of a family starts from: its prepared data and its import. */
  private record Imported(PretrainSpec spec, PreparedData data, StageResult pretrained) {}

  @TempDir static Path downloads;

  private static final Map<Path, Imported> IMPORTS = new HashMap<>();
  private static MinioSources minio;
  private static DatasetSpec dataset;
  private static TestActivityEnvironment env;
  private static MinioArtifactStore store;
  private static DataPrepActivities dataPrep;
  private static TrainingActivities training;
  private static EvaluationActivities evaluation;

  @BeforeAll
  static void startTheActivities() throws Exception {
    minio = new MinioSources("checkpoint-family-stages-test");
    dataset = new DatasetSpec(null, minio.put("emails.jsonl", emails()), null, null, "label", null, "text", null,
        null, null, null, null, null, null);
    Map<String, String> variables = new HashMap<>(minio.env());
    store = new MinioArtifactStore(ArtifactStores.s3Connection(variables), MinioSources.BUCKET, minio.key("store"));
    StageRunner stages = new StageRunner(store);
    SourceObjects sources = SourceObjects.fromEnvironment(variables);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new DataPrepActivitiesImpl(stages, new DatasetCatalog(downloads), new SourceDatasets(sources)),
        new TrainingActivitiesImpl(stages, Duration.ofHours(1), sources), new EvaluationActivitiesImpl(stages));
    ActivityOptions options = ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
    dataPrep = env.newActivityStub(DataPrepActivities.class, options);
    training = env.newActivityStub(TrainingActivities.class, options);
    evaluation = env.newActivityStub(EvaluationActivities.class, options);
  }

  @AfterAll
  static void close() {
    if (env != null) {
      env.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void dataPrepTokenizesTheUrisTextsWithTheCheckpointsTokenizerAndTheImportKeepsItsHead(Family family)
      throws Exception {
    Imported imported = imported(family);

    List<String> expected = new ArrayList<>(List.of("checkpoint-config", "tokenizer", "train-000", "validation",
        "test", "domain", "domain-validation"));
    family.files.stream().filter(f -> !f.equals("config.json") && !f.equals("model.safetensors")
        && !f.equals("tokenizer.json")).forEach(expected::add);
    assertTrue(imported.data().artifacts().keySet().containsAll(expected), imported.data().artifacts().keySet()
        .toString());
    ExampleShard test = ExampleShard.read(download(imported.data().result(), "test"));
    BertConfig config = BertConfig.read(family.folder().resolve("config.json"));
    try (CheckpointTokenizer tokenizer =
        new CheckpointTokenizer(family.folder().resolve("tokenizer.json"), LENGTH, config.padTokenId())) {
      long opening = tokenizer.sequence("")[0];
      float[] ids = new float[LENGTH];
      for (int row = 0; row < test.size(); row++) {
        test.copyFeatures(row, ids, 0);
        assertEquals(opening, (long) ids[0], "every sequence opens with the checkpoint's <s> or [CLS]");
      }
    }
    assertEquals(1.0, imported.pretrained().metrics().get("maskedLanguageModelHead"));
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void continuedPretrainingAndTheBaselinesTrainAndTheFullyFineTunedExportIsTransformersClass(
      Family family) throws Exception {
    Imported imported = imported(family);
    AdaptSpec adapt = new AdaptSpec(0, 0.0, false, List.of(), null, CONTINUED);

    StageResult adapted = training.adapt(RUN, imported.spec(), adapt, imported.data(), imported.pretrained());
    StageResult fineTuned = training.fineTune(RUN, imported.spec().encoder(), adapt, ONE_EPOCH, imported.data(),
        adapted);
    Map<String, StageResult> models = new LinkedHashMap<>();
    models.put("pretrained", fineTuned);
    for (String baseline : List.of(EvaluateSpec.SCRATCH, EvaluateSpec.LINEAR_PROBE, EvaluateSpec.GENERAL_PRETRAINED)) {
      AdaptSpec head = EvaluateSpec.adaptOf(baseline, adapt);
      models.put(baseline, training.fineTune(RUN, imported.spec().encoder(), head, ONE_EPOCH, imported.data(),
          training.adapt(RUN, imported.spec(), head, imported.data(),
              baseline.equals(EvaluateSpec.SCRATCH) ? null : imported.pretrained())));
    }
    StageResult evaluated = evaluation.evaluate(RUN, imported.spec().encoder(), adapt, imported.data(), models,
        List.of());

    assertTrue(adapted.metrics().get("domainPerplexityAfter") < adapted.metrics().get("domainPerplexityBefore"),
        adapted.metrics().toString());
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights continued = CheckpointWeights.read(manager, download(adapted, "domain-language-model"));
      assertTrue(continued.names().containsAll(family.maskedLanguageModelHead), continued.names().toString());
    }
    int hidden = BertConfig.read(family.folder().resolve("config.json")).hiddenSize();
    assertEquals(hidden * hidden + hidden + 2 * hidden + 2,
        models.get(EvaluateSpec.LINEAR_PROBE).metrics().get("trainableParameters"), "the linear probe trains the head");
    assertEquals(fineTuned.metrics().get("trainableParameters"),
        models.get(EvaluateSpec.SCRATCH).metrics().get("trainableParameters"), "scratch is the same architecture");
    for (String model : models.keySet()) {
      assertTrue(evaluated.metrics().containsKey(model + ".accuracy"), evaluated.metrics().toString());
    }
    assertIsTransformersClassifier(family, imported, evaluated, fineTuned, adapt);
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void continuedPretrainingStartsFromTheCheckpointsMaskedLanguageModelHeadAndAddsOneWhereItHasNone(Family family)
      throws Exception {
    // a learning rate that moves no weight measurably: what continued pretraining wrote is where it started
    AdaptSpec still = new AdaptSpec(0, 0.0, false, List.of(), null, new ContinuedPretrainingSpec(1, 16, 1e-12, 0));
    Imported withHead = imported(family);
    Imported headless = imported(family, encoderOnly(family));

    StageResult fromHead = training.adapt(RUN, withHead.spec(), still, withHead.data(), withHead.pretrained());
    StageResult fromNewHead = training.adapt(RUN, headless.spec(), still, headless.data(), headless.pretrained());

    assertEquals(0.0, headless.pretrained().metrics().get("maskedLanguageModelHead"));
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights checkpoint = CheckpointWeights.read(manager, family.folder().resolve("model.safetensors"));
      CheckpointWeights continued = CheckpointWeights.read(manager, download(fromHead, "domain-language-model"));
      CheckpointWeights added = CheckpointWeights.read(manager, download(fromNewHead, "domain-language-model"));
      for (String tensor : family.maskedLanguageModelHead) {
        assertTrue(checkpoint.tensor(tensor).allClose(continued.tensor(tensor), 0, 1e-6, false), tensor);
        assertTrue(added.has(tensor), "a new head where the checkpoint has none: " + added.names());
      }
      assertFalse(checkpoint.tensor(family.maskedLanguageModelHead.get(0)).allClose(
          added.tensor(family.maskedLanguageModelHead.get(0)), 0, 1e-6, false), "the new head is not the checkpoint's");
    }
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void loraOnTheFamilysLayerNamesTrainsTheAdaptersAndTheNewHeadAndIsExportedMerged(Family family) throws Exception {
    Imported imported = imported(family);
    AdaptSpec lora = new AdaptSpec(0, 0.0, false, List.of(), new LoraSpec(4, 8.0, List.of(family.queries())), null);

    StageResult fineTuned = training.fineTune(RUN, imported.spec().encoder(), lora, ONE_EPOCH, imported.data(),
        training.adapt(RUN, imported.spec(), lora, imported.data(), imported.pretrained()));
    StageResult evaluated = evaluate(imported, lora, fineTuned);

    BertConfig config = BertConfig.read(family.folder().resolve("config.json"));
    int hidden = config.hiddenSize();
    // per layer A (4 x h) and B (h x 4); the whole new head: dense (h x h + h), then the output (2 x h + 2)
    assertEquals(config.layers() * (4 * hidden + hidden * 4) + hidden * hidden + hidden + 2 * hidden + 2,
        fineTuned.metrics().get("trainableParameters"), fineTuned.metrics().toString());
    assertIsTransformersClassifier(family, imported, evaluated, fineTuned, lora);
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void freezingByTheFamilysLayerNameKeepsThatLayerAsImported(Family family) throws Exception {
    Imported imported = imported(family);
    AdaptSpec full = AdaptSpec.defaults();
    AdaptSpec frozen = new AdaptSpec(0, 0.0, false, List.of(family.query));

    StageResult all = training.fineTune(RUN, imported.spec().encoder(), full, ONE_EPOCH, imported.data(),
        training.adapt(RUN, imported.spec(), full, imported.data(), imported.pretrained()));
    StageResult fineTuned = training.fineTune(RUN, imported.spec().encoder(), frozen, ONE_EPOCH, imported.data(),
        training.adapt(RUN, imported.spec(), frozen, imported.data(), imported.pretrained()));
    StageResult evaluated = evaluate(imported, frozen, fineTuned);

    int hidden = BertConfig.read(family.folder().resolve("config.json")).hiddenSize();
    assertEquals(all.metrics().get("trainableParameters") - hidden * hidden - hidden,
        fineTuned.metrics().get("trainableParameters"), "the frozen query's weight and bias");
    String prefix = family.modelType + ".";
    String other = family.query.replace(".0.", ".1.");
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights checkpoint = CheckpointWeights.read(manager, family.folder().resolve("model.safetensors"));
      Map<String, NDArray> exported = exported(manager, evaluated);
      assertEquals(checkpoint.tensor(family.query + ".weight"), exported.get(prefix + family.query + ".weight"));
      assertEquals(checkpoint.tensor(family.query + ".bias"), exported.get(prefix + family.query + ".bias"));
      assertFalse(checkpoint.tensor(other + ".weight").equals(exported.get(prefix + other + ".weight")),
          "the layers it does not name learn");
    }
  }

  /** The export's tensors are exactly transformers' class's, its config and tokenizer files those of the family. */
  private static void assertIsTransformersClassifier(Family family, Imported imported, StageResult evaluated,
      StageResult fineTuned, AdaptSpec adapt) throws Exception {
    Map<String, List<Long>> expected = JSON.readValue(family.folder().resolve("classifier-tensors.json").toFile(),
        new TypeReference<TreeMap<String, List<Long>>>() {});
    Map<String, List<Long>> shapes = new TreeMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      exported(manager, evaluated).forEach((name, tensor) -> shapes.put(name,
          Arrays.stream(tensor.getShape().getShape()).boxed().toList()));
    }
    assertEquals(expected, shapes);

    JsonNode config = JSON.readTree(download(evaluated, "huggingface-config.json").toFile());
    assertEquals(family.modelType, config.path("model_type").asText());
    assertEquals(family.architecture, config.path("architectures").path(0).asText());
    assertEquals(List.of("ham", "spam"), List.of(config.path("id2label").path("0").asText(),
        config.path("id2label").path("1").asText()));
    assertEquals(1, config.path("label2id").path("spam").asInt());
    for (String file : family.files) {
      if (!file.equals("config.json") && !file.equals("model.safetensors")) {
        assertTrue(Files.readString(download(evaluated, "huggingface-" + file)).equals(
            Files.readString(family.folder().resolve(file))), file + " is the checkpoint's");
      }
    }
    assertComputesWhatTheRunScored(family, imported, evaluated, fineTuned, adapt);
  }

  /** transformers' class, built from the exported folder, gives the probabilities the evaluate stage scored. */
  private static void assertComputesWhatTheRunScored(Family family, Imported imported, StageResult evaluated,
      StageResult fineTuned, AdaptSpec adapt) throws Exception {
    BertConfig architecture = BertConfig.read(family.folder().resolve("config.json"));
    ExampleShard test = ExampleShard.read(download(imported.data().result(), "test"));
    int rows = Math.min(8, test.size());
    float[][] scored;
    try (TrainedClassifier run = TrainedClassifier.load(new BertClassifier(architecture, adapt, 2),
        download(fineTuned, "model"))) {
      scored = run.probabilities(test);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      BertSequenceClassifier exported = new BertSequenceClassifier(architecture, 2, Set.of(), null);
      exported.initialize(manager, DataType.FLOAT32, new Shape(1, LENGTH));
      CheckpointWeights.read(manager, download(evaluated, "huggingface-model.safetensors")).load(exported.layers());
      float[] ids = new float[rows * LENGTH];
      for (int row = 0; row < rows; row++) {
        test.copyFeatures(row, ids, row * LENGTH);
      }
      NDArray logits = exported.forward(new ParameterStore(manager, false),
          new NDList(manager.create(ids, new Shape(rows, LENGTH))), false).head();
      float[] probabilities = logits.softmax(1).toFloatArray();
      for (int row = 0; row < rows; row++) {
        assertArrayEquals(scored[row], new float[] {probabilities[2 * row], probabilities[2 * row + 1]}, 1e-5f);
      }
    }
  }

  /** The exported model.safetensors under its stored names. */
  private static Map<String, NDArray> exported(NDManager manager, StageResult evaluated) throws Exception {
    Map<String, NDArray> tensors = new TreeMap<>();
    try (InputStream in = Files.newInputStream(download(evaluated, "huggingface-model.safetensors"))) {
      NDList.decode(manager, in).forEach(tensor -> tensors.put(tensor.getName(), tensor));
    }
    return tensors;
  }

  private static StageResult evaluate(Imported imported, AdaptSpec adapt, StageResult fineTuned) {
    return evaluation.evaluate(RUN, imported.spec().encoder(), adapt, imported.data(),
        Map.of("pretrained", fineTuned), List.of());
  }

  private static Imported imported(Family family) throws Exception {
    return imported(family, family.folder());
  }

  /** A checkpoint folder of the family uploaded to the bucket, the URI's texts prepared with it, and its import. */
  private static synchronized Imported imported(Family family, Path source) throws Exception {
    Imported imported = IMPORTS.get(source);
    if (imported == null) {
      String folder = "models/" + source.getFileName() + "/";
      for (String file : family.files) {
        minio.client().uploadObject(UploadObjectArgs.builder().bucket(MinioSources.BUCKET)
            .object(minio.key(folder + file)).filename(source.resolve(file).toString()).build());
      }
      PretrainSpec spec = PretrainSpec.importing(new CheckpointSpec(minio.uri(folder), null));
      PreparedData data = dataPrep.prepareCheckpointText(RUN, dataset, PREP, spec.from(), LENGTH);
      imported = new Imported(spec, data, training.pretrain(RUN, spec, data));
      IMPORTS.put(source, imported);
    }
    return imported;
  }

  /** The family's fixture as its base model ({@code RobertaModel}, {@code DistilBertModel}): no masked-LM head. */
  private static Path encoderOnly(Family family) throws Exception {
    Path folder = Files.createDirectories(downloads.resolve(family.fixture + "-encoder"));
    for (String file : family.files) {
      Files.copy(family.folder().resolve(file), folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    List<Safetensors.Tensor> encoder = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights weights = CheckpointWeights.read(manager, family.folder().resolve("model.safetensors"));
      for (String name : weights.names()) {
        NDArray tensor = weights.tensor(name);
        if (!family.inHead(name)) {
          encoder.add(new Safetensors.Tensor(name, tensor.getShape().getShape(), tensor.toFloatArray()));
        }
      }
    }
    Safetensors.write(folder.resolve("model.safetensors"), encoder, Map.of("format", "pt"));
    return folder;
  }

  /** 80 short emails, half of them spam, as JSON lines with a text and a label column. */
  private static byte[] emails() throws Exception {
    List<String> ham = List.of("meeting", "project", "schedule", "report", "lunch", "team", "review", "notes",
        "tomorrow", "agenda", "the", "for");
    List<String> spam = List.of("win", "free", "prize", "cash", "offer", "click", "now", "money", "winner", "deal",
        "the", "for");
    Random random = new Random(7);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 80; i++) {
      List<String> words = i % 2 == 0 ? ham : spam;
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 20 + random.nextInt(40); w++) {
        text.append(w == 0 ? "" : " ").append(words.get(random.nextInt(words.size())));
      }
      lines.append(JSON.writeValueAsString(Map.of("text", text.toString(), "label", i % 2 == 0 ? "ham" : "spam")))
          .append('\n');
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Path download(StageResult stage, String artifact) {
    Path target = downloads.resolve(stage.stage() + "-" + stage.artifact(artifact).sha256() + "-" + artifact);
    if (!Files.exists(target)) {
      store.download(stage.artifact(artifact), target);
    }
    return target;
  }
}
