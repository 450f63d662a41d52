package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LoRA in a classifier: what trains, and what its export holds. */
class LowRankClassifierTest {

  private static final PretrainSpec ARCHITECTURE =
      new PretrainSpec(null, List.of(12), 6, null, null, null, null, null, null, null, null);
  private static final AdaptSpec LORA =
      new AdaptSpec(0, 0.0, false, null, new LoraSpec(2, 8.0, List.of("encoder.*")));

  @Test
  void onlyTheAdaptersAndTheHeadTrainAndTheExportIsAPlainNetwork() throws Exception {
    Classifier classifier = new Classifier(ARCHITECTURE.encoder(), LORA, 3);
    try (TrainingSession session = new TrainingSession("lora", classifier.network, Loss.softmaxCrossEntropyLoss(),
        new AdamW(Tracker.fixed(0f), 0, 0, 0), 10, 1, manager -> classifier.freeze())) {
      List<String> trainable = classifier.network.getParameters().stream()
          .filter(p -> p.getValue().requiresGradient()).map(p -> p.getKey()).toList();

      assertEquals(List.of("01SequentialBlock_01LowRankAdapter_lora_A", "01SequentialBlock_01LowRankAdapter_lora_B",
          "01SequentialBlock_03LowRankAdapter_lora_A", "01SequentialBlock_03LowRankAdapter_lora_B",
          "02SequentialBlock_01Linear_weight", "02SequentialBlock_01Linear_bias"), trainable);
      assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias", "head.0.weight",
          "head.0.bias"), classifier.tensors().stream().map(t -> t.name()).toList());
      assertTrue(classifier.network.getParameters().values().stream().filter(Parameter::requiresGradient)
          .mapToLong(p -> p.getArray().size()).sum() < 12 * 10 + 6 * 12);
    }
  }
}
