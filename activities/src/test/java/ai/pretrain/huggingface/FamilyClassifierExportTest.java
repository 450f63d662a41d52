package ai.pretrain.huggingface;

import static ai.pretrain.huggingface.BertCheckpointParityTest.FIXTURES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.pretrain.export.Safetensors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RoBERTa, XLM-RoBERTa, DistilBERT and ELECTRA classifiers exported as their family's ForSequenceClassification
 * folder: every tensor name and shape is the one transformers' own model holds ({@code classifier-tensors.json},
 * recorded by {@code scripts/make-encoder-fixtures.py}), and a classifier fine-tuned with LoRA on the family's own
 * layer names reads back with the same logits. The folders and the platform's logits stay in
 * {@code target/hf-export/<checkpoint>-spam} for {@code scripts/check-hf-export.py}, which loads them with
 * transformers (result: {@code src/test/resources/hf/family-export-check.txt}).
 */
class FamilyClassifierExportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LENGTH = 32;

  @BeforeAll
  static void readEmails() throws IOException {
    BertClassifierExportTest.readEmails();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-roberta", "tiny-xlm-roberta", "tiny-distilbert", "tiny-electra"})
  void exportedTensorsAreExactlyTheOnesTransformersClassifierHolds(String name) throws IOException {
    Path checkpoint = FIXTURES.resolve(name);
    BertConfig config = BertConfig.read(checkpoint.resolve("config.json"));
    Map<String, List<Long>> exported = new TreeMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      BertSequenceClassifier network = new BertSequenceClassifier(config, 2, Set.of(), null);
      network.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
      for (Safetensors.Tensor tensor : BertClassifierExport.tensors(network)) {
        exported.put(tensor.name(), Arrays.stream(tensor.shape()).boxed().toList());
      }
    }
    Map<String, List<Long>> expected = new TreeMap<>();
    JsonNode transformers = JSON.readTree(checkpoint.resolve("classifier-tensors.json").toFile());
    transformers.fields().forEachRemaining(e -> expected.put(e.getKey(),
        StreamSupport.stream(e.getValue().spliterator(), false).map(JsonNode::asLong).toList()));
    assertEquals(expected, exported);
  }

  @ParameterizedTest
  @CsvSource({
      "tiny-roberta, encoder.layer.*.attention.self.query, encoder.layer.*.attention.self.value",
      "tiny-distilbert, transformer.layer.*.attention.q_lin, transformer.layer.*.attention.v_lin",
      "tiny-electra, encoder.layer.*.attention.self.query, encoder.layer.*.attention.self.value"})
  void fineTunedWithLoraOnItsOwnLayerNamesTheExportReadsBackWithTheSameLogits(String name, String query,
      String value) throws IOException {
    Path checkpoint = FIXTURES.resolve(name);
    Path exported = Path.of("target/hf-export/" + name + "-spam");
    long[][] train = BertClassifierExportTest.sequences(checkpoint, LENGTH, 0, 64);
    long[][] test = BertClassifierExportTest.sequences(checkpoint, LENGTH, 64, 264);
    float[][] expected = BertClassifierExportTest.fineTuneAndExport(checkpoint, List.of(query, value), exported, train,
        BertClassifierExportTest.labels(0, 64), test);
    assertEquals(200, BertClassifierExportTest.writePredictions(exported, LENGTH, 64, expected));

    BertConfig config = BertConfig.read(exported.resolve("config.json"));
    JsonNode written = JSON.readTree(exported.resolve("config.json").toFile());
    String architecture = written.get("architectures").get(0).asText();
    assertTrue(architecture.endsWith("ForSequenceClassification") && !architecture.startsWith("Bert"), architecture);
    try (NDManager manager = NDManager.newBaseManager()) {
      BertSequenceClassifier reread = new BertSequenceClassifier(config, 2, Set.of(), null);
      reread.initialize(manager, DataType.FLOAT32, new Shape(test.length, LENGTH));
      CheckpointWeights weights = CheckpointWeights.read(manager, exported.resolve("model.safetensors"));
      weights.load(reread.layers());
      float[] logits = reread.forward(new ParameterStore(manager, false), new NDList(manager.create(test)), false)
          .head().toFloatArray();
      double worst = 0;
      for (int r = 0; r < test.length; r++) {
        for (int c = 0; c < 2; c++) {
          worst = Math.max(worst, Math.abs(expected[r][c] - logits[r * 2 + c]));
        }
      }
      assertTrue(worst < 1e-5, "max logit difference " + worst);
    }
  }
}
