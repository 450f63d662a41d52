package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import ai.pretrain.numerics.EngineScalar;

/**
 * The regression head's loss: the mean of the squared differences between predictions and (standardized) targets. It
 * uses no constant at all, so unlike DJL's {@code L2Loss} nothing the backward pass reads can be freed under it (see
 * {@link EngineScalar}).
 */
final class MeanSquaredError extends Loss {

  MeanSquaredError() {
    super("MeanSquaredError");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray prediction = predictions.singletonOrThrow();
    NDArray target = labels.singletonOrThrow().reshape(prediction.getShape());
    return target.sub(prediction).square().mean();
  }
}
