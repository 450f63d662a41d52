package ai.pretrain.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class LowRankAdapterTest {

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
}
