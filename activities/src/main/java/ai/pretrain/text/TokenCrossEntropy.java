package ai.pretrain.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Mean cross-entropy over the positions a language-modelling objective scores. Labels: target ids (B, S) and weights
 * (B, S), 1 where the position counts (masked tokens for MLM, every position for causal LM), else 0.
 */
public final class TokenCrossEntropy extends Loss {

  public TokenCrossEntropy() {
    super("TokenCrossEntropy");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray weights = labels.get(1);
    return negativeLogLikelihood(labels, predictions).sum().div(weights.sum().maximum(1f));
  }

  /** Per-position negative log-likelihood times its weight, (B, S). */
  public static NDArray negativeLogLikelihood(NDList labels, NDList predictions) {
    NDArray targets = labels.get(0).toType(DataType.INT64, false).expandDims(-1);
    NDArray logProbabilities = predictions.head().logSoftmax(-1);
    return logProbabilities.gather(targets, -1).squeeze(-1).neg().mul(labels.get(1));
  }
}
