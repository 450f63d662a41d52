package ai.pretrain.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Adam's update of all trainable parameters in one native call: the TorchScript function that
 * {@code scripts/make-adam-step.py} compiles into {@code adam-step.pt}. It runs the aten ops of DJL's native
 * {@code adamUpdate} in the same order, so the weights come out bit-identical, but reads each gradient where
 * autograd accumulated it instead of DJL's two copies of it (the parameter server's and the native update's), and
 * makes two temporaries per parameter instead of four; DJL's Java API has no in-place sqrt, no add with a multiplier
 * and no addcmul to do the same from here. (The native update's gradient rescaling and clamping are left out: AdamW
 * keeps DJL's defaults, rescale 1 and no clamp, under which it skips them.)
 */
final class FusedAdamStep {

  private static final String ARCHIVE = "adam-step.pt";

  private FusedAdamStep() {}

  /** Loaded on first use and kept for the process; libtorch runs a module's methods from many threads at once. */
  private static final class Module {
    static final PtSymbolBlock STEP = load();

    private static PtSymbolBlock load() {
      // a manager of the process's lifetime: the module is never closed
      PtNDManager manager = (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
      try (InputStream archive = FusedAdamStep.class.getResourceAsStream(ARCHIVE)) {
        if (archive == null) {
          throw new IllegalStateException(ARCHIVE + " is missing from the classpath");
        }
        // libtorch's loader fails on DJL's streamed input ("istream reader failed"), so it reads a file
        Path file = Files.createTempFile("adam-step", ".pt");
        try {
          Files.copy(archive, file, StandardCopyOption.REPLACE_EXISTING);
          return JniUtils.loadModule(manager, file, false, new String[0], new String[0], false);
        } finally {
          Files.delete(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load " + ARCHIVE, e);
      }
    }
  }

  /**
   * Updates {@code weights} and their moments in place and zeroes their gradients. {@code constants}: L2, L1,
   * decoupled weight decay, beta1, 1 - beta1, beta2, 1 - beta2, epsilon.
   */
  static void run(PtNDArray[] weights, PtNDArray[] means, PtNDArray[] variances, boolean[] hasGradient,
      double[] rates, double[] correctedRates, double[] constants) {
    IValue[] arguments = {IValue.listFrom(weights), IValue.listFrom(means), IValue.listFrom(variances),
        IValue.listFrom(hasGradient), IValue.listFrom(rates), IValue.listFrom(correctedRates),
        IValue.listFrom(constants)};
    try {
      IValueUtils.runMethod(Module.STEP, "step", arguments).close();
    } finally {
      for (IValue argument : arguments) {
        argument.close();
      }
    }
  }
}
