package ai.pretrain.huggingface;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Map;

/**
 * The feed-forward activation a BERT checkpoint's {@code hidden_act} names, computed as {@code transformers} computes
 * it ({@code ACT2FN}): {@code gelu} exactly (erf), {@code gelu_new} and {@code gelu_pytorch_tanh} by the tanh
 * approximation, {@code relu}, and {@code silu} (also named {@code swish}).
 */
public enum HiddenActivation {
  GELU,
  GELU_TANH,
  RELU,
  SILU;

  private static final Map<String, HiddenActivation> BY_NAME = Map.of("gelu", GELU, "gelu_new", GELU_TANH,
      "gelu_pytorch_tanh", GELU_TANH, "relu", RELU, "silu", SILU, "swish", SILU);

  /** The {@code hidden_act} values this import computes, sorted. */
  public static final List<String> NAMES = BY_NAME.keySet().stream().sorted().toList();

  /** The activation {@code hidden_act} names, or null where this import does not compute it. */
  public static HiddenActivation named(String hiddenAct) {
    return BY_NAME.get(hiddenAct);
  }

  public NDArray apply(NDArray x) {
    return switch (this) {
      case GELU -> Activation.gelu(x);
      case GELU_TANH -> tanhGelu(x);
      case RELU -> Activation.relu(x);
      case SILU -> Activation.swish(x, 1f);
    };
  }

  /** 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))). */
  private static NDArray tanhGelu(NDArray x) {
    NDArray inner = x.pow(3).muli(0.044715f).addi(x).muli((float) Math.sqrt(2 / Math.PI));
    return inner.tanh().addi(1f).muli(x).muli(0.5f);
  }
}
