package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * FixMatch's loss (Sohn et al., 2020) over a batch laid out as {@link PseudoLabelling#batch} builds it: the labeled
 * rows, then the unlabeled images' weak views, then their strong views in the same order. Cross-entropy on the labeled
 * rows, plus {@code weight} times the cross-entropy of each strong view against the class predicted on its weak view,
 * counted only where that prediction's probability reaches {@code threshold} and averaged over every unlabeled image.
 * The pseudo-labels carry no gradient: the weak views only say what the strong views should predict.
 */
final class PseudoLabelLoss extends Loss {

  private final Loss supervised = Loss.softmaxCrossEntropyLoss();
  private final float threshold;
  private final float weight;
  private long confident;
  private long drawn;

  PseudoLabelLoss(double threshold, double weight) {
    super("PseudoLabelLoss");
    this.threshold = (float) threshold;
    this.weight = (float) weight;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray y = labels.singletonOrThrow();
    NDArray logits = predictions.singletonOrThrow();
    long labeled = y.size();
    long unlabeled = (logits.getShape().get(0) - labeled) / 2;
    NDArray loss = supervised.evaluate(labels, new NDList(logits.get("0:{}", labeled)));
    if (unlabeled == 0) {
      return loss;
    }
    NDArray weak = logits.get("{}:{}", labeled, labeled + unlabeled).stopGradient().softmax(1);
    NDArray strong = logits.get("{}:", labeled + unlabeled).logSoftmax(1);
    NDArray mask = weak.max(new int[] {1}).gte(threshold).toType(DataType.FLOAT32, false);
    NDArray pseudoLabels = weak.argMax(1).oneHot((int) weak.getShape().get(1)).toType(DataType.FLOAT32, false);
    NDArray crossEntropy = strong.mul(pseudoLabels).sum(new int[] {1}).neg();
    confident += (long) mask.sum().getFloat();
    drawn += unlabeled;
    return loss.add(crossEntropy.mul(mask).mean().mul(weight));
  }

  /** The share of unlabeled images drawn since the last call whose prediction reached the threshold; then resets. */
  double confidentShare() {
    double share = drawn == 0 ? 0 : (double) confident / drawn;
    confident = 0;
    drawn = 0;
    return share;
  }
}
