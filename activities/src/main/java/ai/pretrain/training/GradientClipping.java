package ai.pretrain.training;

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
      double squared = 0;
      for (Parameter p : parameters) {
        squared += p.getArray().getGradient().square().sum().getFloat();
      }
      double norm = Math.sqrt(squared);
      if (norm > maxNorm) {
        float scale = (float) (maxNorm / (norm + 1e-6));
        for (Parameter p : parameters) {
          NDArray gradient = p.getArray().getGradient();
          gradient.muli(scale);
        }
      }
      return norm;
    }
  }
}
