package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import ai.pretrain.numerics.EngineScalar;

/**
 * The denoising autoencoder's reconstruction loss: half the mean squared error, as DJL's {@code L2Loss} computes it,
 * with its one-half made by {@link EngineScalar} so the backward pass never reads a freed constant.
 */
final class HalfSquaredError extends Loss {

  HalfSquaredError() {
    super("L2Loss");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray prediction = predictions.singletonOrThrow();
    NDArray label = labels.singletonOrThrow().reshape(prediction.getShape());
    try (NDArray half = EngineScalar.of(prediction.getManager(), 0.5)) {
      return label.sub(prediction).square().mul(half).mean();
    }
  }
}
