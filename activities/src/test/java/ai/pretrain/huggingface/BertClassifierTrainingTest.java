package ai.pretrain.huggingface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.pretrain.data.TestData;
import ai.pretrain.network.LowRankAdapter;
import ai.pretrain.plugin.LabeledTexts;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.text.SpamAssassinEmails;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fine-tuning the random tiny BERT checkpoint as a spam classifier on emails its own WordPiece tokenizer cuts to 32
 * tokens: gradient accumulation gives the whole batch's gradient, LoRA trains only the adapters, and the classifier
 * learns a small labeled set.
 */
class BertClassifierTrainingTest {

  private static final Path TINY = BertCheckpointParityTest.FIXTURES.resolve("tiny-bert");
  private static final int LENGTH = 32;

  private static BertConfig config;
  private static long[][] ids;
  private static int[] labels;

  @BeforeAll
  static void tokenizeEmails() throws IOException {
    config = BertConfig.read(TINY.resolve("config.json"));
    LabeledTexts emails = new SpamAssassinEmails().read(
        TestData.require("spam-assassin/spam-assassin.jsonl", "spam-assassin"));
    // every 40th email: both classes, in the corpus's order
    int rows = 64;
    ids = new long[rows][];
    labels = new int[rows];
    try (CheckpointTokenizer tokenizer = new CheckpointTokenizer(TINY.resolve("tokenizer.json"), LENGTH, config.padTokenId())) {
      for (int i = 0; i < rows; i++) {
        ids[i] = tokenizer.sequence(emails.texts().get(i * 40 + 7));
        labels[i] = emails.labels()[i * 40 + 7];
      }
    }
  }

  @Test
  void accumulatingFourMicroBatchesGivesTheWholeBatchsGradient() throws IOException {
    BertConfig noDropout = new BertConfig(config.modelType(), config.vocabularySize(), config.hiddenSize(),
        config.layers(), config.heads(), config.intermediateSize(), config.maxPositions(), config.typeVocabularySize(),
        config.layerNormEpsilon(), 0f, 0f, 0f, config.padTokenId(), config.activation(), config.embeddingSize());
    long[][] batch = Arrays.copyOf(ids, 16);
    int[] y = Arrays.copyOf(labels, 16);
    Map<String, float[]> whole = gradients(noDropout, batch, y, 1);
    Map<String, float[]> accumulated = gradients(noDropout, batch, y, 4);

    assertEquals(whole.keySet(), accumulated.keySet());
    double worst = 0;
    for (String name : whole.keySet()) {
      float[] a = whole.get(name);
      float[] b = accumulated.get(name);
      for (int i = 0; i < a.length; i++) {
        worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
    }
    assertTrue(worst < 1e-6, "max gradient difference " + worst);
  }

  @Test
  void loraTrainsTheAdaptersAndTheLayersItDoesNotAdaptButLeavesTheAdaptedWeights() throws IOException {
    Set<String> adapted = Set.of("encoder.layer.0.attention.self.query", "encoder.layer.0.attention.self.value",
        "encoder.layer.1.attention.self.query", "encoder.layer.1.attention.self.value");
    Set<String> frozen = new HashSet<>(BertSequenceClassifier.linearLayers(config));
    frozen.removeAll(adapted);
    frozen.remove("classifier");
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights checkpoint = CheckpointWeights.read(manager, TINY.resolve("model.safetensors"));
      float[] query = checkpoint.tensor("encoder.layer.0.attention.self.query.weight").toFloatArray();
      try (BertClassifierTraining training = new BertClassifierTraining(config, checkpoint, 2, adapted,
          new LoraSpec(4, null, List.of()), frozen, 1e-2f, 0f, 7)) {
        // rank 4 on four 32x32 layers: 4 x (4x32 + 32x4); the classifier 2x32 + 2; LayerNorms and embeddings train
        long expected = 4L * (4 * 32 + 32 * 4) + (2 * 32 + 2) + layerNormsAndEmbeddings(training);
        assertEquals(expected, training.trainableParameters());
        for (int s = 0; s < 3; s++) {
          training.step(Arrays.copyOf(ids, 16), Arrays.copyOf(labels, 16), 1);
        }
        var layer = (LowRankAdapter) training.network().layers()
            .get("encoder.layer.0.attention.self.query");
        assertArrayEquals(query, layer.base().getParameters().get("weight").getArray().toFloatArray());
        float[] merged = layer.mergedWeight().toFloatArray();
        double moved = 0;
        for (int i = 0; i < merged.length; i++) {
          moved = Math.max(moved, Math.abs(merged[i] - query[i]));
        }
        assertTrue(moved > 1e-4, "the adapter changed the layer's function: " + moved);
      }
    }
  }

  @Test
  void fineTuningLearnsTheLabeledEmails() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights checkpoint = CheckpointWeights.read(manager, TINY.resolve("model.safetensors"));
      try (BertClassifierTraining training = new BertClassifierTraining(config, checkpoint, 2, Set.of(), null,
          Set.of(), 3e-3f, 0.01f, 42)) {
        float first = 0;
        float last = 0;
        for (int epoch = 0; epoch < 15; epoch++) {
          float loss = 0;
          for (int from = 0; from < ids.length; from += 16) {
            loss += training.step(Arrays.copyOfRange(ids, from, from + 16),
                Arrays.copyOfRange(labels, from, from + 16), 2);
          }
          first = epoch == 0 ? loss : first;
          last = loss;
        }
        int[] predicted = training.predict(ids, 32);
        int right = 0;
        for (int i = 0; i < ids.length; i++) {
          right += predicted[i] == labels[i] ? 1 : 0;
        }
        System.out.printf("tiny BERT fine-tuning: loss %.3f -> %.3f, training accuracy %d/%d%n", first / 4, last / 4,
            right, ids.length);
        assertTrue(last < first / 2, "loss " + first + " -> " + last);
        assertTrue(right >= 0.9 * ids.length, right + " of " + ids.length);
      }
    }
  }

  private static long layerNormsAndEmbeddings(BertClassifierTraining training) {
    return training.network().layers().entrySet().stream()
        .filter(e -> e.getKey().startsWith("embeddings.") || e.getKey().endsWith("LayerNorm"))
        .flatMap(e -> e.getValue().getParameters().values().stream())
        .mapToLong(p -> p.getArray().size()).sum();
  }

  private static Map<String, float[]> gradients(BertConfig bert, long[][] batch, int[] y, int accumulation)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights checkpoint = CheckpointWeights.read(manager, TINY.resolve("model.safetensors"));
      try (BertClassifierTraining training = new BertClassifierTraining(bert, checkpoint, 2, Set.of(), null,
          Set.of(), 1e-3f, 0f, 3)) {
        training.backward(batch, y, accumulation);
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (var entry : training.network().getParameters()) {
          Parameter parameter = entry.getValue();
          NDArray gradient = parameter.getArray().getGradient();
          gradients.put(entry.getKey(), gradient.toFloatArray());
        }
        return gradients;
      }
    }
  }
}
