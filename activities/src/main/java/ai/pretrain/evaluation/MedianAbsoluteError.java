package ai.pretrain.evaluation;

import java.util.Arrays;

/** The median of the absolute errors, in the target's units: robust to a few wild predictions. */
public final class MedianAbsoluteError implements RegressionMetric {

  @Override
  public String name() {
    return "median-absolute-error";
  }

  @Override
  public String summary() {
    return "median of |target - prediction|, in the target's units";
  }

  @Override
  public boolean higherIsBetter() {
    return false;
  }

  @Override
  public double score(double[] targets, double[] predictions) {
    double[] errors = new double[targets.length];
    for (int i = 0; i < targets.length; i++) {
      errors[i] = Math.abs(targets[i] - predictions[i]);
    }
    Arrays.sort(errors);
    int middle = errors.length / 2;
    return errors.length % 2 == 1 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2;
  }
}
