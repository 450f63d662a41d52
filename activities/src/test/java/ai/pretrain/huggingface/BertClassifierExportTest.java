package ai.pretrain.huggingface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.pretrain.data.TestData;
import ai.pretrain.plugin.LabeledTexts;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.text.SpamAssassinEmails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuned classifier exported as a Hugging Face BertForSequenceClassification folder: standard tensor names,
 * LoRA merged, id2label in config.json, and read back it computes the same logits. The MiniLM case also leaves the
 * folder and the platform's logits in {@code target/hf-export/minilm-spam} for {@code scripts/check-hf-export.py},
 * which loads it with transformers.
 */
class BertClassifierExportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CLASSES = List.of("ham", "spam");
  private static final List<String> QUERY_VALUE = List.of("encoder.layer.*.attention.self.query",
      "encoder.layer.*.attention.self.value");

  private static LabeledTexts emails;

  @TempDir Path work;

  @BeforeAll
  static void readEmails() throws IOException {
    if (emails == null) {
      emails = new SpamAssassinEmails().read(TestData.require("spam-assassin/spam-assassin.jsonl", "spam-assassin"));
    }
  }

  @Test
  void aLoraGlobThatNamesNoLayerOfTheCheckpointIsRefusedListingThem() throws IOException {
    BertConfig config = BertConfig.read(BertCheckpointParityTest.FIXTURES.resolve("tiny-bert/config.json"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BertSequenceClassifier.loraLayers(config, new LoraSpec(8, null, List.of("encoder.0"))));
    assertTrue(e.getMessage().startsWith("adapt.lora.layers: 'encoder.0' matches no linear layer of the checkpoint; "
        + "they are encoder.layer.0.attention.self.query, "), e.getMessage());
  }

  @Test
  void exportedTinyBertReadsBackWithTheSameLogits() throws IOException {
    Path checkpoint = BertCheckpointParityTest.FIXTURES.resolve("tiny-bert");
    Path exported = work.resolve("export");
    long[][] ids = sequences(checkpoint, 32, 0, 48);
    float[][] expected = fineTuneAndExport(checkpoint, QUERY_VALUE, exported, ids, labels(0, 48), ids);

    JsonNode config = JSON.readTree(exported.resolve("config.json").toFile());
    assertEquals("BertForSequenceClassification", config.get("architectures").get(0).asText());
    assertEquals("spam", config.get("id2label").get("1").asText());
    assertEquals(0, config.get("label2id").get("ham").asInt());
    assertTrue(Files.exists(exported.resolve("tokenizer.json")));
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights weights = CheckpointWeights.read(manager, exported.resolve("model.safetensors"));
      assertTrue(weights.has("classifier.weight") && weights.has("embeddings.word_embeddings.weight"));
      assertFalse(weights.names().stream().anyMatch(n -> n.contains("lora")), weights.names().toString());
      BertSequenceClassifier reread = new BertSequenceClassifier(BertConfig.read(exported.resolve("config.json")), 2,
          Set.of(), null);
      reread.initialize(manager, DataType.FLOAT32, new Shape(ids.length, 32));
      weights.load(reread.layers());
      float[] logits = reread.forward(new ParameterStore(manager, false), new NDList(manager.create(ids)), false)
          .head().toFloatArray();
      double worst = 0;
      for (int r = 0; r < ids.length; r++) {
        for (int c = 0; c < 2; c++) {
          worst = Math.max(worst, Math.abs(expected[r][c] - logits[r * 2 + c]));
        }
      }
      assertTrue(worst < 1e-5, "max logit difference " + worst);
    }
  }

  /** MiniLM fine-tuned with LoRA on 64 emails, its logits on the next 1,000 left for transformers to check. */
  @Test
  void miniLmExportAndItsLogitsForTransformers() throws IOException {
    Path checkpoint = TestData.require("minilm/model.safetensors", "minilm").resolve("minilm");
    Path exported = Path.of("target/hf-export/minilm-spam");
    int length = 64;
    long[][] train = sequences(checkpoint, length, 0, 64);
    long[][] test = sequences(checkpoint, length, 64, 1064);
    float[][] logits = fineTuneAndExport(checkpoint, QUERY_VALUE, exported, train, labels(0, 64), test);
    assertEquals(1000, writePredictions(exported, length, 64, logits));
  }

  /**
   * {@code platform-predictions.json} beside the export, for {@code scripts/check-hf-export.py}: the sequence length,
   * the emails from {@code from} on and the platform's logits for them; answers how many.
   */
  static int writePredictions(Path exported, int length, int from, float[][] logits) throws IOException {
    ObjectNode predictions = JSON.createObjectNode();
    predictions.put("maxLength", length);
    ArrayNode rows = predictions.putArray("emails");
    for (int i = 0; i < logits.length; i++) {
      ObjectNode row = rows.addObject();
      row.put("text", emails.texts().get(every(from + i)));
      row.putArray("logits").add(logits[i][0]).add(logits[i][1]);
    }
    JSON.writeValue(exported.resolve("platform-predictions.json").toFile(), predictions);
    return rows.size();
  }

  /** Fine-tunes the checkpoint with LoRA on {@code loraGlobs} for 3 epochs, exports it, and scores {@code predict}. */
  static float[][] fineTuneAndExport(Path checkpoint, List<String> loraGlobs, Path exported, long[][] train,
      int[] labels, long[][] predict) throws IOException {
    BertConfig config = BertConfig.read(checkpoint.resolve("config.json"));
    LoraSpec loraSpec = new LoraSpec(8, null, loraGlobs);
    Set<String> lora = BertSequenceClassifier.loraLayers(config, loraSpec);
    assertEquals(2 * config.layers(), lora.size());
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights weights = CheckpointWeights.read(manager, checkpoint.resolve("model.safetensors"));
      try (BertClassifierTraining training = new BertClassifierTraining(config, weights, 2, lora, loraSpec,
          Set.of(), 1e-3f, 0.01f, 42)) {
        for (int epoch = 0; epoch < 3; epoch++) {
          for (int from = 0; from < train.length; from += 16) {
            int to = Math.min(train.length, from + 16);
            training.step(Arrays.copyOfRange(train, from, to), Arrays.copyOfRange(labels, from, to), 2);
          }
        }
        List<Path> tokenizer = new ArrayList<>();
        for (String file : concat(List.of("tokenizer.json"), CheckpointSpec.TOKENIZER_EXTRAS)) {
          if (Files.exists(checkpoint.resolve(file))) {
            tokenizer.add(checkpoint.resolve(file));
          }
        }
        BertClassifierExport.write(exported, training.network(), checkpoint.resolve("config.json"), CLASSES,
            tokenizer);
        return training.logits(predict, 50);
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Every fifth email, so both classes come in the corpus's order. */
  static int every(int i) {
    return i * 5 % emails.size();
  }

  static long[][] sequences(Path checkpoint, int length, int from, int to) throws IOException {
    try (CheckpointTokenizer tokenizer = new CheckpointTokenizer(checkpoint.resolve("tokenizer.json"), length,
        BertConfig.read(checkpoint.resolve("config.json")).padTokenId())) {
      return tokenizer.sequences(IntStream.range(from, to).mapToObj(i -> emails.texts().get(every(i)))
          .toArray(String[]::new));
    }
  }

  static int[] labels(int from, int to) {
    return IntStream.range(from, to).map(i -> emails.labels()[every(i)]).toArray();
  }
}
