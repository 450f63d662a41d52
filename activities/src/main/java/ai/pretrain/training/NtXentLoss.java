package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.pretrain.numerics.EngineScalar;

/**
 * SimCLR's NT-Xent loss (Chen et al., 2020, eq. 1): the projections of a batch's 2N views, first views of N images then
 * their second views in the same order, are L2-normalized; each view's cosine similarities to the other 2N - 1 views,
 * divided by the temperature, are its logits, and its own image's other view is the class to predict, so the other
 * images of the batch are the negatives. The labels are ignored.
 */
final class NtXentLoss extends Loss {

  /** Added to a view's similarity with itself, which is no candidate. */
  private static final float EXCLUDED = -1e9f;

  private final double temperature;

  NtXentLoss(double temperature) {
    super("NtXentLoss");
    this.temperature = temperature;
  }

  /** The row of view {@code i}'s positive among {@code views} = 2N: its other view. */
  static int positive(int i, int views) {
    return (i + views / 2) % views;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray projections = predictions.singletonOrThrow();
    NDManager manager = projections.getManager();
    int views = Math.toIntExact(projections.getShape().get(0));
    if (views % 2 != 0) {
      throw new IllegalArgumentException("NT-Xent needs two views per image; the batch has " + views + " rows");
    }
    float[] self = new float[views * views];
    float[] positives = new float[views * views];
    for (int i = 0; i < views; i++) {
      self[i * views + i] = EXCLUDED;
      positives[i * views + positive(i, views)] = 1f;
    }
    try (NDArray epsilon = EngineScalar.of(manager, 1e-12);
        NDArray scale = EngineScalar.of(manager, 1 / temperature)) {
      NDArray norms = projections.square().sum(new int[] {1}, true).add(epsilon).sqrt();
      NDArray unit = projections.div(norms);
      NDArray logits = unit.matMul(unit.transpose()).mul(scale).add(manager.create(self, new Shape(views, views)));
      NDArray logProbabilities = logits.logSoftmax(1);
      return logProbabilities.mul(manager.create(positives, new Shape(views, views))).sum(new int[] {1}).mean().neg();
    }
  }
}
