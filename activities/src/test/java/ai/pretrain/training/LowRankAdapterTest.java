package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class LowRankAdapterTest {

  private static final PretrainSpec ARCHITECTURE =
      new PretrainSpec(null, List.of(12), 6, null, null, null, null, null, null, null, null);
  private static final AdaptSpec LORA =
      new AdaptSpec(0, 0.0, false, null, new LoraSpec(2, 8.0, List.of("encoder.*")));

  @Test
  void theMergedWeightComputesWhatTheAdapterDoes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LowRankAdapter adapter = new LowRankAdapter(5, 2, 4.0);
      adapter.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(3, 7));
      // B starts at zero; give it values so the update is not trivially nothing
      adapter.up().getArray().set(manager.randomNormal(new Shape(5, 2)).toFloatArray());
      NDArray x = manager.randomNormal(new Shape(3, 7));

      NDArray adapted = adapter.forward(new ParameterStore(manager, false), new NDList(x), false).head();
      NDArray bias = adapter.base().getParameters().get("bias").getArray();
      NDArray merged = x.matMul(adapter.mergedWeight().transpose()).add(bias);

      assertArrayEquals(merged.toFloatArray(), adapted.toFloatArray(), 1e-4f);
      NDArray plain = x.matMul(adapter.base().getParameters().get("weight").getArray().transpose()).add(bias);
      assertFalse(java.util.Arrays.equals(plain.toFloatArray(), adapted.toFloatArray()));
    }
  }

  @Test
  void aFreshAdapterStartsFromTheLayersOwnFunction() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LowRankAdapter adapter = new LowRankAdapter(5, 2, 4.0);
      adapter.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(3, 7));
      assertArrayEquals(adapter.base().getParameters().get("weight").getArray().toFloatArray(),
          adapter.mergedWeight().toFloatArray(), 0f);
      assertEquals(new Shape(2, 7), adapter.down().getArray().getShape());
      assertEquals(new Shape(5, 2), adapter.up().getArray().getShape());
    }
  }

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
