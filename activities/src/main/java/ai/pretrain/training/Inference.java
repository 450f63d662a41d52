package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.pretrain.data.ExampleShard;

/** Class probabilities from inference-mode forward passes (dropout off), in chunks, each in its own NDManager scope. */
final class Inference {

  private static final int CHUNK = 512;

  private Inference() {}

  /** Class probabilities (softmax of the logits), one row of {@code classCount} per example. */
  static float[][] probabilities(Block network, NDManager parent, ExampleShard shard) {
    int f = shard.featureCount();
    float[][] rows = new float[shard.size()][];
    for (int from = 0; from < shard.size(); from += CHUNK) {
      int n = Math.min(CHUNK, shard.size() - from);
      float[] x = new float[n * f];
      for (int i = 0; i < n; i++) {
        shard.copyFeatures(from + i, x, i * f);
      }
      try (NDManager manager = parent.newSubManager()) {
        NDArray input = manager.create(x, new Shape(n, f));
        NDArray logits = network.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
        float[] p = logits.softmax(1).toType(DataType.FLOAT32, false).toFloatArray();
        int classes = p.length / n;
        for (int i = 0; i < n; i++) {
          rows[from + i] = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
        }
      }
    }
    return rows;
  }
}
