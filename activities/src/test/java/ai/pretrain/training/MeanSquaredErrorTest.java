package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The regression head and its loss: one output per example, mean squared error and its gradient. */
class MeanSquaredErrorTest {

  @Test
  void isTheMeanOfTheSquaredErrorsWithTheGradientTwiceTheErrorOverN() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // a (4, 1) head output against 4 targets, as the fine-tune batches give them
      NDArray predictions = manager.create(new float[] {1, 2, 3, 5}, new Shape(4, 1));
      NDArray targets = manager.create(new float[] {1, 2.5f, 2, 1});
      predictions.setRequiresGradient(true);
      float loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray value = new MeanSquaredError().evaluate(new NDList(targets), new NDList(predictions));
        collector.backward(value);
        loss = value.getFloat();
      }

      // errors 0, -0.5, 1, 4: squares 0 + 0.25 + 1 + 16 over 4
      assertEquals(17.25f / 4, loss, 1e-6f);
      assertArrayEquals(new float[] {0, -0.25f, 0.5f, 2}, predictions.getGradient().toFloatArray(), 1e-6f);
    }
  }

  @Test
  void aDatasetWithoutClassesGetsAOneOutputHead() {
    PretrainSpec architecture = new PretrainSpec(null, List.of(12), 6, null, null, null, null, null, null, null, null);
    Classifier regression = new Classifier(architecture.encoder(), AdaptSpec.defaults(), 0);
    Classifier classifier = new Classifier(architecture.encoder(), AdaptSpec.defaults(), 3);
    try (NDManager manager = NDManager.newBaseManager()) {
      regression.network.initialize(manager, DataType.FLOAT32, new Shape(5, 7));
      classifier.network.initialize(manager, DataType.FLOAT32, new Shape(5, 7));
      NDList x = new NDList(manager.randomNormal(new Shape(5, 7)));

      assertEquals(new Shape(5, 1),
          regression.network.forward(new ParameterStore(manager, false), x, false).head().getShape());
      assertEquals(new Shape(5, 3),
          classifier.network.forward(new ParameterStore(manager, false), x, false).head().getShape());
    }
  }
}
