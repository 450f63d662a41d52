package ai.pretrain.huggingface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.pretrain.data.DataPrepActivitiesImpl;
import ai.pretrain.data.DatasetCatalog;
import ai.pretrain.pipeline.DataPrepActivities;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.pipeline.TrainingActivities;
import ai.pretrain.source.MinioSources;
import ai.pretrain.source.SourceDatasets;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.spec.FineTuneSpec;
import ai.pretrain.spec.PrepSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.Violation;
import ai.pretrain.stage.StageRunner;
import ai.pretrain.storage.LocalArtifactStore;
import ai.pretrain.storage.SourceObjects;
import ai.pretrain.training.TrainingActivitiesImpl;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hugging Face folders as users have them, uploaded to the real MinIO server and put through the submit check, data
 * prep and the import: task-model checkpoints with heads to drop or replace, half-precision weights, an untied
 * masked-LM head, and folders the import cannot read (sharded or pickled weights, no tokenizer.json, no model_type,
 * bytes that are not safetensors), each refused for good naming {@code pretrain.from} and the fix. The folders are
 * {@code scripts/make-checkpoint-variants.py}'s, with the tiny-bert fixture's tokenizer.
 */
class CheckpointVariantsTest {

  private static final Path HF = BertCheckpointParityTest.FIXTURES;
  private static final Path VARIANTS = HF.resolve("variants");
  private static final List<String> TOKENIZER = List.of("tokenizer.json", "vocab.txt", "tokenizer_config.json",
      "special_tokens_map.json");

  @TempDir Path work;

  private MinioSources minio;
  private SourceObjects sources;
  private TestActivityEnvironment env;
  private DataPrepActivities dataPrep;
  private TrainingActivities training;
  private int runs;

  @BeforeEach
  void startTheActivities() throws Exception {
    minio = new MinioSources("checkpoint-variants-test");
    sources = SourceObjects.fromEnvironment(minio.env());
    StageRunner stages = new StageRunner(new LocalArtifactStore(work.resolve("store")));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new DataPrepActivitiesImpl(stages, new DatasetCatalog(work.resolve("none")), new SourceDatasets(sources)),
        new TrainingActivitiesImpl(stages, Duration.ofHours(1), sources));
    ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build();
    dataPrep = env.newActivityStub(DataPrepActivities.class, options);
    training = env.newActivityStub(TrainingActivities.class, options);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aSequenceClassificationCheckpointImportsWithItsPoolerAndItsFiveLabelHeadIsReplaced() throws Exception {
    String folder = upload("seq-classification", VARIANTS.resolve("seq-classification"), "config.json",
        "model.safetensors");
    assertEquals(List.of(), CheckpointFolderCheck.violations(sources, new CheckpointSpec(folder, null),
        AdaptSpec.defaults(), sequenceLength(64)));
    assertEquals(List.of(new Violation("fineTune.maxSequenceLength", "is 128 (the default) but the checkpoint's "
        + "positions (max_position_embeddings 64) hold at most 64 tokens; set it to 64 or less")),
        CheckpointFolderCheck.violations(sources, new CheckpointSpec(folder, null), AdaptSpec.defaults(),
            FineTuneSpec.defaults()));

    StageResult imported = pretrain(folder);

    assertEquals(1.0, imported.metrics().get("pooler"), "bert.pooler.* read without its prefix");
    assertEquals(2.0, imported.metrics().get("unusedTensors"), "the five-label classifier's weight and bias");
    BertConfig config = BertConfig.read(VARIANTS.resolve("seq-classification/config.json"));
    BertClassifier threeClasses = new BertClassifier(config, AdaptSpec.defaults(), 3);
    try (NDManager manager = NDManager.newBaseManager()) {
      threeClasses.network().initialize(manager, DataType.FLOAT32, new Shape(2, 8));
      threeClasses.loadEncoder(manager, VARIANTS.resolve("seq-classification/model.safetensors"));
      assertEquals(new Shape(3, 32), threeClasses.sequenceClassifier().layers().get("classifier").getParameters()
          .get("weight").getArray().getShape(), "a new 3-class classifier, not the checkpoint's 5-label one");
    }
  }

  @Test
  void aPretrainingCheckpointImportsWithItsMaskedLanguageModelHeadAndAnUntiedHeadStartsANewOne() throws Exception {
    StageResult pretraining = pretrain(upload("pretraining", VARIANTS.resolve("pretraining"), "config.json",
        "model.safetensors"));
    assertEquals(1.0, pretraining.metrics().get("pooler"));
    assertEquals(1.0, pretraining.metrics().get("maskedLanguageModelHead"), "cls.predictions.* (seq_relationship "
        + "is left out)");
    assertEquals(2.0, pretraining.metrics().get("unusedTensors"), "cls.seq_relationship's weight and bias");

    StageResult untied = pretrain(upload("untied-mlm", VARIANTS.resolve("untied-mlm"), "config.json",
        "model.safetensors"));
    assertEquals(0.0, untied.metrics().get("maskedLanguageModelHead"), "its decoder is not the word embeddings, so "
        + "the tied head this import computes is not the checkpoint's");
  }

  @Test
  void anElectraDiscriminatorImportsWithoutItsReplacedTokenHeadAndComputesWhatTransformersDoes() throws Exception {
    Path source = VARIANTS.resolve("electra-discriminator");
    StageResult imported = pretrain(upload("electra-discriminator", source, "config.json", "model.safetensors"));
    assertEquals(0.0, imported.metrics().get("pooler"));
    assertEquals(0.0, imported.metrics().get("maskedLanguageModelHead"), "a discriminator has no generator head");
    assertEquals(4.0, imported.metrics().get("unusedTensors"), "discriminator_predictions' dense and dense_prediction");

    BertConfig config = BertConfig.read(source.resolve("config.json"));
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList expected = BertCheckpointParityTest.decode(manager, source.resolve("reference.safetensors"));
      NDArray ids = BertCheckpointParityTest.named(expected, "input_ids");
      NDArray types = BertCheckpointParityTest.named(expected, "token_type_ids");
      BertEncoder encoder = new BertEncoder(config, false);
      encoder.initialize(manager, DataType.FLOAT32, ids.getShape(), types.getShape());
      CheckpointWeights.read(manager, source.resolve("model.safetensors")).load(encoder.layers());
      NDArray hidden = encoder.forward(new ParameterStore(manager, false), new NDList(ids, types), false).head();
      BertCheckpointParityTest.assertClose(BertCheckpointParityTest.named(expected, "last_hidden_state"), hidden,
          "electra discriminator last_hidden_state");
    }
  }

  @Test
  void halfPrecisionCheckpointsImportThroughTheStage() throws Exception {
    for (String dtype : List.of("float16", "bfloat16")) {
      StageResult imported = pretrain(upload(dtype, VARIANTS.resolve(dtype), "config.json", "model.safetensors"));
      assertEquals(2.0, imported.metrics().get("layers"), dtype);
    }
  }

  @Test
  void foldersTheImportCannotReadAreRefusedAtSubmitNamingTheFix() throws Exception {
    String sharded = upload("sharded", VARIANTS.resolve("sharded"), "config.json", "model.safetensors.index.json",
        "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
    assertEquals(List.of(new Violation(CheckpointFolder.FIELD, sharded + " holds its weights in shards "
        + "(model.safetensors.index.json); the import reads one model.safetensors: merge them with "
        + "AutoModel.from_pretrained(folder).save_pretrained(folder, max_shard_size=\"100GB\")")), submit(sharded));
    assertTrue(refusal(sharded).startsWith(CheckpointFolder.FIELD + ": " + sharded + " holds its weights in shards"));

    String pickled = minio.uri("models/pickled/");
    minio.put("models/pickled/config.json", Files.readAllBytes(HF.resolve("tiny-bert/config.json")));
    minio.put("models/pickled/pytorch_model.bin", new byte[] {'P', 'K', 3, 4});
    upload("pickled", HF.resolve("tiny-bert"));
    assertTrue(submit(pickled).get(0).message().endsWith("has no model.safetensors; a Hugging Face folder holds "
        + "config.json, model.safetensors, tokenizer.json (save_pretrained writes them); a checkpoint with only "
        + "pytorch_model.bin converts with AutoModel.from_pretrained(folder).save_pretrained(folder, "
        + "safe_serialization=True)"), submit(pickled).toString());

    String vocabOnly = minio.uri("models/vocab-only/");
    for (String file : List.of("config.json", "model.safetensors", "vocab.txt")) {
      minio.put("models/vocab-only/" + file, Files.readAllBytes(HF.resolve("tiny-bert/" + file)));
    }
    assertTrue(submit(vocabOnly).get(0).message().endsWith("has no tokenizer.json; a Hugging Face folder holds "
        + "config.json, model.safetensors, tokenizer.json (save_pretrained writes them); a checkpoint with only "
        + "vocab.txt (or vocab.json and merges.txt) gets one from AutoTokenizer.from_pretrained(folder)"
        + ".save_pretrained(folder)"), submit(vocabOnly).toString());

    String untyped = minio.uri("models/untyped/");
    minio.put("models/untyped/config.json", Files.readString(HF.resolve("tiny-bert/config.json"))
        .replace("\"model_type\": \"bert\",", "").getBytes(StandardCharsets.UTF_8));
    minio.put("models/untyped/model.safetensors", Files.readAllBytes(HF.resolve("tiny-bert/model.safetensors")));
    upload("untyped", HF.resolve("tiny-bert"));
    assertEquals(List.of(new Violation("pretrain.from", "config.json has no model_type; a Hugging Face config names "
        + "its architecture (save_pretrained writes it), one of [bert, roberta, xlm-roberta, distilbert, electra]")),
        submit(untyped));
  }

  @Test
  void weightsThatAreNotSafetensorsFailTheImportForGood() throws Exception {
    String renamed = minio.uri("models/renamed-bin/");
    minio.put("models/renamed-bin/config.json", Files.readAllBytes(HF.resolve("tiny-bert/config.json")));
    // a pytorch_model.bin is a zip archive: its first 8 bytes read as an absurd header length
    minio.put("models/renamed-bin/model.safetensors", "PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000rest"
        .getBytes(StandardCharsets.ISO_8859_1));
    upload("renamed-bin", HF.resolve("tiny-bert"));

    assertTrue(refusal(renamed).startsWith(CheckpointFolder.FIELD + ": model.safetensors is not a safetensors file: "
        + "its header length is "), refusal(renamed));
  }

  @Test
  void labeledTextsWithThreeNumericClassesEmojiLongDocumentsAndBlankLinesTokenizeWithTheCheckpoint()
      throws Exception {
    String folder = upload("tiny-bert", HF.resolve("tiny-bert"), "config.json", "model.safetensors");
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 90; i++) {
      jsonl.append("{\"text\": \"Caf\u00e9 \uD83D\uDE00 r\u00e9sum\u00e9 ").append(i).append(" about ")
          .append(List.of("football", "elections", "laptops").get(i % 3)).append(i % 10 == 0 ? " word".repeat(5000) : "")
          .append("\", \"label\": ").append(i % 3).append("}\n");
      if (i % 17 == 0) {
        jsonl.append("\n   \n");
      }
    }
    DatasetSpec dataset = new DatasetSpec(null, minio.put("texts.jsonl", jsonl.toString().getBytes(
        StandardCharsets.UTF_8)), null, null, "label", null, "text", null, null, null, null, null, null, null);
    CheckpointSpec from = new CheckpointSpec(folder, null);

    PreparedData data = dataPrep.prepareCheckpointText(new RunContext("run-text", "checkpoint-variants-test", 5),
        dataset, new PrepSpec(0.2, 0.2, 0.5, 1000), from, 32);

    assertEquals(3.0, data.metrics().get("classes"));
    assertEquals(32.0, data.metrics().get("features"), "long documents cut to the sequence length");

    String missing = minio.put("texts-missing.jsonl", (jsonl + "{\"label\": 1}\n").getBytes(StandardCharsets.UTF_8));
    DatasetSpec withGap = new DatasetSpec(null, missing, null, null, "label", null, "text", null, null, null, null,
        null, null, null);
    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> dataPrep.prepareCheckpointText(
        new RunContext("run-gap", "checkpoint-variants-test", 5), withGap, new PrepSpec(0.2, 0.2, 0.5, 1000), from,
        32));
    // line numbers count the blank lines, as an editor does
    assertTrue(failure.getCause().getMessage().contains(missing + ", line 103, column 'text': the text is missing or "
        + "empty"), failure.getCause().getMessage());
  }

  @Test
  void aTokenizerJsonTheTokenizersLibraryCannotReadFailsDataPrepForGood() throws Exception {
    String folder = upload("broken-tokenizer", HF.resolve("tiny-bert"), "config.json", "model.safetensors");
    String tokenizer = Files.readString(HF.resolve("tiny-bert/tokenizer.json"));
    minio.put("models/broken-tokenizer/tokenizer.json", tokenizer.substring(0, tokenizer.length() / 2)
        .getBytes(StandardCharsets.UTF_8));
    String texts = minio.put("few.jsonl", "{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\", \"label\": 1}\n"
        .getBytes(StandardCharsets.UTF_8));
    DatasetSpec dataset = new DatasetSpec(null, texts, null, null, "label", null, "text", null, null, null, null, null,
        null, null);

    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> dataPrep.prepareCheckpointText(
        new RunContext("run-broken", "checkpoint-variants-test", 5), dataset, new PrepSpec(0.2, 0.2, 0.5, 1000),
        new CheckpointSpec(folder, null), 32));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable(), cause.toString());
    assertTrue(cause.getOriginalMessage().startsWith(CheckpointFolder.FIELD + ": tokenizer.json cannot be read by the "
        + "tokenizers library (EOF while parsing a value at line "), cause.getOriginalMessage());
  }

  @Test
  void aTokenizerWithMoreIdsThanTheCheckpointsEmbeddingsFailsDataPrepForGood() throws Exception {
    // tiny-bert's tokenizer (1,000 ids) beside a config of 100 words: another checkpoint's tokenizer, as a user
    // copying folders together has it; fine-tuning retried libtorch's "index out of range in self" before
    String folder = upload("other-tokenizer", HF.resolve("tiny-bert"), "model.safetensors");
    minio.put("models/other-tokenizer/config.json", Files.readString(HF.resolve("tiny-bert/config.json"))
        .replace("\"vocab_size\": 1000", "\"vocab_size\": 100").getBytes(StandardCharsets.UTF_8));
    String texts = minio.put("few.jsonl", "{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\", \"label\": 1}\n"
        .getBytes(StandardCharsets.UTF_8));
    DatasetSpec dataset = new DatasetSpec(null, texts, null, null, "label", null, "text", null, null, null, null, null,
        null, null);

    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> dataPrep.prepareCheckpointText(
        new RunContext("run-other-tokenizer", "checkpoint-variants-test", 5), dataset,
        new PrepSpec(0.2, 0.2, 0.5, 1000), new CheckpointSpec(folder, null), 32));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable(), cause.toString());
    assertTrue(cause.getOriginalMessage().startsWith(CheckpointFolder.FIELD + ": tokenizer.json gives ids up to 999 "
        + "but config.json's vocab_size is 100"), cause.getOriginalMessage());
  }

  @Test
  void casedAndUncasedTokenizersKeepTheirOwnNormalization() throws Exception {
    Path cased = Files.createDirectories(work.resolve("cased"));
    Files.writeString(cased.resolve("tokenizer.json"), Files.readString(HF.resolve("tiny-bert/tokenizer.json"))
        .replace("\"lowercase\": true", "\"lowercase\": false"));
    try (CheckpointTokenizer uncasedTokenizer = new CheckpointTokenizer(HF.resolve("tiny-bert/tokenizer.json"), 16, 0);
        CheckpointTokenizer casedTokenizer = new CheckpointTokenizer(cased.resolve("tokenizer.json"), 16, 0)) {
      assertArrayEquals(uncasedTokenizer.encode("free money now"), uncasedTokenizer.encode("FREE Money NOW"));
      assertFalse(Arrays.equals(casedTokenizer.encode("free money now"), casedTokenizer.encode("FREE Money NOW")));
    }
  }

  private List<Violation> submit(String folder) throws Exception {
    return CheckpointFolderCheck.violations(sources, new CheckpointSpec(folder, null), AdaptSpec.defaults(),
        sequenceLength(32));
  }

  private static FineTuneSpec sequenceLength(int tokens) {
    return new FineTuneSpec(null, null, null, null, null, null, null, null, null, null, null, tokens);
  }

  private StageResult pretrain(String folder) {
    return training.pretrain(new RunContext("run-" + (++runs), "checkpoint-variants-test", 42, List.of()),
        PretrainSpec.importing(new CheckpointSpec(folder, null)), null);
  }

  private String refusal(String folder) {
    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> pretrain(folder));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertTrue(cause.isNonRetryable(), cause.toString());
    return cause.getOriginalMessage();
  }

  /** Uploads {@code files} of {@code source} and the tiny-bert tokenizer files to models/{@code name}/; its URI. */
  private String upload(String name, Path source, String... files) throws Exception {
    for (String file : files) {
      minio.put("models/" + name + "/" + file, Files.readAllBytes(source.resolve(file)));
    }
    for (String file : TOKENIZER) {
      minio.put("models/" + name + "/" + file, Files.readAllBytes(HF.resolve("tiny-bert/" + file)));
    }
    return minio.uri("models/" + name + "/");
  }
}
