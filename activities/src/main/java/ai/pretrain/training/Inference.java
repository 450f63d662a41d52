package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.network.ClassifierNetwork;
import java.util.function.UnaryOperator;

/**
 * Class probabilities or regression outputs from inference-mode forward passes (dropout off), in chunks, each in its
 * own NDManager scope.
 */
final class Inference {

  private Inference() {}

  /** Class probabilities (softmax of the logits), one row of {@code classCount} per example. */
  static float[][] probabilities(ClassifierNetwork network, NDManager parent, ExampleShard shard) {
    return probabilities(network, parent, shard, () -> { });
  }

  /** As above, calling {@code alive} after each forward pass (a training stage's heartbeat). */
  static float[][] probabilities(ClassifierNetwork network, NDManager parent, ExampleShard shard, Runnable alive) {
    return forward(network, parent, shard, logits -> logits.softmax(1), alive);
  }

  /** A one-output (regression) network's prediction per example, in the standardized units it was trained on. */
  static float[] predictions(ClassifierNetwork network, NDManager parent, ExampleShard shard) {
    float[][] rows = forward(network, parent, shard, outputs -> outputs, () -> { });
    float[] predictions = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != 1) {
        throw new IllegalStateException("a regression head has one output, this network has " + rows[i].length);
      }
      predictions[i] = rows[i][0];
    }
    return predictions;
  }

  private static float[][] forward(ClassifierNetwork classifier, NDManager parent, ExampleShard shard,
      UnaryOperator<NDArray> transform, Runnable alive) {
    Block network = classifier.network();
    int chunk = classifier.inferenceBatch();
    int f = shard.featureCount();
    float[][] rows = new float[shard.size()][];
    for (int from = 0; from < shard.size(); from += chunk) {
      int n = Math.min(chunk, shard.size() - from);
      float[] x = new float[n * f];
      for (int i = 0; i < n; i++) {
        shard.copyFeatures(from + i, x, i * f);
      }
      try (NDManager manager = parent.newSubManager()) {
        NDArray input = manager.create(x, new Shape(n, f));
        NDArray outputs = network.forward(new ParameterStore(manager, false), new NDList(input), false)
            .singletonOrThrow();
        float[] values = transform.apply(outputs).toType(DataType.FLOAT32, false).toFloatArray();
        int width = values.length / n;
        for (int i = 0; i < n; i++) {
          rows[from + i] = java.util.Arrays.copyOfRange(values, i * width, (i + 1) * width);
        }
      }
      alive.run();
    }
    return rows;
  }
}
