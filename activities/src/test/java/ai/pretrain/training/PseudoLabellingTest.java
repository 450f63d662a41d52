package ai.pretrain.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.pretrain.augment.AugmentationPipeline;
import ai.pretrain.data.ExampleShard;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.spec.AugmentationSpec;
import ai.pretrain.spec.UnlabeledSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** FixMatch's loss against its arithmetic written out, and the layout of the batches it reads. */
class PseudoLabellingTest {

  /** Two labeled rows, then three unlabeled images' weak views, then their strong views; three classes. */
  private static final float[][] LOGITS = {
      {2.0f, 0.5f, -1.0f}, {0.1f, 0.2f, 0.3f},
      {6.0f, 0.0f, 0.0f}, {0.5f, 0.4f, 0.3f}, {0.0f, 0.0f, 7.0f},
      {1.0f, 2.0f, 0.5f}, {0.3f, 0.3f, 0.3f}, {-1.0f, 0.0f, 1.0f}};
  private static final float[] LABELS = {0, 2};

  @Test
  void lossIsLabeledCrossEntropyPlusWeightedCrossEntropyOfStrongViewsOnConfidentWeakPredictions() {
    double threshold = 0.95;
    double weight = 2.0;
    double labeled = (crossEntropy(LOGITS[0], 0) + crossEntropy(LOGITS[1], 2)) / 2;
    double unlabeled = 0;
    int confident = 0;
    for (int i = 0; i < 3; i++) {
      double[] p = softmax(LOGITS[2 + i]);
      int predicted = argMax(p);
      if (p[predicted] >= threshold) {
        unlabeled += crossEntropy(LOGITS[5 + i], predicted);
        confident++;
      }
    }
    double expected = labeled + weight * unlabeled / 3;

    PseudoLabelLoss loss = new PseudoLabelLoss(threshold, weight);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits = manager.create(flatten(LOGITS), new Shape(LOGITS.length, 3));
      float value = loss.evaluate(new NDList(manager.create(LABELS)), new NDList(logits)).getFloat();
      assertEquals(expected, value, 1e-5);
    }
    assertEquals(2, confident, "the first and third weak views are confident, the second is not");
    assertEquals(2.0 / 3, loss.confidentShare(), 1e-12);
    assertEquals(0.0, loss.confidentShare(), "the share restarts after it is read");
  }

  @Test
  void pseudoLabelsCarryNoGradientIntoTheWeakViews() {
    PseudoLabelLoss loss = new PseudoLabelLoss(0.5, 1.0);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits = manager.create(flatten(LOGITS), new Shape(LOGITS.length, 3));
      logits.setRequiresGradient(true);
      try (var tape = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        tape.backward(loss.evaluate(new NDList(manager.create(LABELS)), new NDList(logits)));
      }
      float[] gradient = logits.getGradient().toFloatArray();
      float[] weakRows = Arrays.copyOfRange(gradient, 2 * 3, 5 * 3);
      assertArrayEquals(new float[9], weakRows);
      assertNotEquals(0f, gradient[5 * 3], "the strong views learn");
    }
  }

  @Test
  void aBatchHoldsDrawnLabeledImagesThenWeakAndStrongViewsOfItsUnlabeledImages() {
    int features = 16;
    ExampleShard labeled = shard(5, features, 100);
    ExampleShard unlabeled = shard(40, features, 200);
    AugmentationPipeline none = AugmentationPipeline.of(List.of(), 4, 4, PluginRegistry.installed());
    AugmentationPipeline noise = AugmentationPipeline.of(List.of(new AugmentationSpec("gaussian-noise", 0.1, 1.0)),
        4, 4, PluginRegistry.installed());
    UnlabeledSpec spec = new UnlabeledSpec(null, null, 3, null, null);
    PseudoLabelling plain = new PseudoLabelling(unlabeled, none, none, spec);
    assertEquals(40, plain.unlabeled().size(), "an epoch passes over the unlabeled images");
    assertEquals(48, plain.batchSize(16));
    int[] indices = {7, 0, 33, 12, 5, 21};
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] x = plain.batch(labeled, manager, indices, new Random(7))[0].head().toFloatArray();
      assertEquals((2 + 2 * 6) * features, x.length, "2 labeled (one per 3 unlabeled), 6 weak, 6 strong");
      for (int i = 0; i < 2; i++) {
        assertTrue(x[i * features] >= 100 && x[i * features] < 105, "a labeled image: " + x[i * features]);
      }
      for (int i = 0; i < 6; i++) {
        float[] weak = Arrays.copyOfRange(x, (2 + i) * features, (3 + i) * features);
        float[] strong = Arrays.copyOfRange(x, (8 + i) * features, (9 + i) * features);
        assertEquals(200f + indices[i], weak[0], "unlabeled image " + indices[i] + " in the loop's order");
        assertArrayEquals(weak, strong, "view pair " + i + " is one unlabeled image");
      }

      NDList[] noisy = new PseudoLabelling(unlabeled, none, noise, spec).batch(labeled, manager, indices,
          new Random(7));
      float[] again = new PseudoLabelling(unlabeled, none, noise, spec).batch(labeled, manager, indices,
          new Random(7))[0].head().toFloatArray();
      float[] augmented = noisy[0].head().toFloatArray();
      assertArrayEquals(augmented, again, "the same generator draws the same images and views");
      assertArrayEquals(Arrays.copyOfRange(x, 0, 8 * features), Arrays.copyOfRange(augmented, 0, 8 * features),
          "the weak views here have no augmentation");
      assertNotEquals(x[8 * features], augmented[8 * features], "the strong views are augmented");
      float[] labels = noisy[1].head().toFloatArray();
      for (int i = 0; i < 2; i++) {
        assertEquals(labeled.label((int) x[i * features] - 100), labels[i], "each drawn image keeps its label");
      }
    }
  }

  /** {@code count} images whose every pixel is {@code base + index} (index 4 of base 100 is all 104). */
  private static ExampleShard shard(int count, int features, int base) {
    float[] x = new float[count * features];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      Arrays.fill(x, i * features, (i + 1) * features, base + i);
      labels[i] = i % 3;
    }
    return new ExampleShard(x, labels, features, 3);
  }

  private static float[] flatten(float[][] rows) {
    float[] flat = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
    }
    return flat;
  }

  private static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  private static double crossEntropy(float[] logits, int label) {
    return -Math.log(softmax(logits)[label]);
  }

  private static int argMax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      best = p[i] > p[best] ? i : best;
    }
    return best;
  }
}
