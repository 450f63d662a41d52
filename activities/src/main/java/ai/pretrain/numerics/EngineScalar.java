package ai.pretrain.numerics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A constant as a 0-dim tensor whose memory the engine allocates, for arithmetic that autograd records. DJL's
 * {@code mul(Number)}, {@code div(Number)} and their kin wrap a Java direct buffer without copying and close it at
 * once; autograd keeps the tensor for the backward pass, which then reads memory the garbage collector may already
 * have freed. That surfaced as NaN losses a few dozen steps into training, more often the more the JVM collected
 * (reproduced with {@code -Xmn2m}).
 */
public final class EngineScalar {

  private EngineScalar() {}

  /** The constant on {@code manager}'s device; the caller closes it, autograd keeps its own reference. */
  public static NDArray of(NDManager manager, double value) {
    return manager.full(new Shape(), (float) value, DataType.FLOAT32);
  }
}
