package ai.pretrain.numerics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.List;

/** Rescales all gradients together when their global L2 norm exceeds a limit, as torch's clip_grad_norm_ does. */
public final class GradientClipping {

  private GradientClipping() {}

  /** Returns the global norm before clipping. */
  public static double clipToNorm(List<Parameter> parameters, double maxNorm) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      // summed on the device and read once: one synchronisation per step instead of one per parameter
      NDArray squared = null;
      for (Parameter p : parameters) {
        NDArray sum = p.getArray().getGradient().square().sum();
        squared = squared == null ? sum : squared.add(sum);
      }
      if (squared == null) {
        return 0;
      }
      double norm = Math.sqrt(squared.getFloat());
      if (norm > maxNorm) {
        float scale = (float) (maxNorm / (norm + 1e-6));
        for (Parameter p : parameters) {
          p.getArray().getGradient().muli(scale);
        }
      }
      return norm;
    }
  }
}
