package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.pretrain.data.LabeledExamples;
import ai.pretrain.network.ClassifierNetwork;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Class probabilities or regression outputs from inference-mode forward passes (dropout off), in chunks of the
 * network's inference batch, each in its own NDManager scope; examples are read in index order, so a series read block
 * by block holds one block at a time, and the chunks (hence the numbers) are the same however the examples are held.
 */
final class Inference {

  /** Receives each example's outputs in index order. */
  interface Outputs {
    void accept(int index, float[] outputs);
  }

  private Inference() {}

  /** Class probabilities (softmax of the logits), one row of {@code classCount} per example. */
  static float[][] probabilities(ClassifierNetwork network, NDManager parent, LabeledExamples examples) {
    return probabilities(network, parent, examples, () -> { });
  }

  /** As above, calling {@code alive} after each forward pass (a training stage's heartbeat). */
  static float[][] probabilities(ClassifierNetwork network, NDManager parent, LabeledExamples examples,
      Runnable alive) {
    float[][] rows = new float[examples.size()][];
    forEachProbabilities(network, parent, examples, alive, (index, p) -> rows[index] = p);
    return rows;
  }

  /** Each example's class probabilities handed to {@code outputs} in turn, none kept. */
  static void forEachProbabilities(ClassifierNetwork network, NDManager parent, LabeledExamples examples,
      Runnable alive, Outputs outputs) {
    forward(network, parent, examples, logits -> logits.softmax(1), alive, outputs);
  }

  /** A one-output (regression) network's prediction per example, in the standardized units it was trained on. */
  static float[] predictions(ClassifierNetwork network, NDManager parent, LabeledExamples examples) {
    float[] predictions = new float[examples.size()];
    forEachPrediction(network, parent, examples, () -> { }, (index, p) -> predictions[index] = p[0]);
    return predictions;
  }

  /** Each example's regression prediction handed to {@code outputs} (as a one-value row) in turn, none kept. */
  static void forEachPrediction(ClassifierNetwork network, NDManager parent, LabeledExamples examples,
      Runnable alive, Outputs outputs) {
    forward(network, parent, examples, values -> values, alive, (index, row) -> {
      if (row.length != 1) {
        throw new IllegalStateException("a regression head has one output, this network has " + row.length);
      }
      outputs.accept(index, row);
    });
  }

  private static void forward(ClassifierNetwork classifier, NDManager parent, LabeledExamples examples,
      UnaryOperator<NDArray> transform, Runnable alive, Outputs outputs) {
    Block network = classifier.network();
    int chunk = classifier.inferenceBatch();
    int f = examples.featureCount();
    for (int from = 0; from < examples.size(); from += chunk) {
      int n = Math.min(chunk, examples.size() - from);
      float[] x = new float[n * f];
      for (int i = 0; i < n; i++) {
        examples.copyFeatures(from + i, x, i * f);
      }
      try (NDManager manager = parent.newSubManager()) {
        NDArray input = manager.create(x, new Shape(n, f));
        NDArray result = network.forward(new ParameterStore(manager, false), new NDList(input), false)
            .singletonOrThrow();
        float[] values = transform.apply(result).toType(DataType.FLOAT32, false).toFloatArray();
        int width = values.length / n;
        for (int i = 0; i < n; i++) {
          outputs.accept(from + i, Arrays.copyOfRange(values, i * width, (i + 1) * width));
        }
      }
      alive.run();
    }
  }
}
