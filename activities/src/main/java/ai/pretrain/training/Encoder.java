package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.spec.EncoderLayers;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.PretrainSpec;
import java.util.List;

/**
 * The backbone that pretraining learns and the classifier reuses, built by the spec's architecture plugin
 * ({@link EncoderBuilder}: mlp, residual-cnn and transformer built in), ending in the latent code.
 */
public final class Encoder {

  private Encoder() {}

  static SequentialBlock build(PretrainSpec architecture) {
    return build(architecture, List.of(), null);
  }

  /** The encoder with low-rank adapters on the layers named in {@code loraLayers} ({@code encoder.<i>}). */
  static SequentialBlock build(PretrainSpec architecture, List<String> loraLayers, LoraSpec lora) {
    return builder(architecture).build(architecture, loraLayers, lora);
  }

  /** Its layers with weights, as the adapt spec names them. */
  static EncoderLayers layers(PretrainSpec architecture) {
    return builder(architecture).layers(architecture);
  }

  /** A linear layer of {@code units}, learning through an adapter when {@code adapted}. */
  public static Block layer(int units, boolean adapted, LoraSpec lora) {
    return adapted
        ? new LowRankAdapter(units, lora.rank(), lora.scaling())
        : Linear.builder().setUnits(units).build();
  }

  /** Appends the ReLU latent layer of {@code latentUnits}, which is layer {@code encoder.<index>}. */
  public static SequentialBlock addLatent(SequentialBlock encoder, PretrainSpec spec, int index,
      List<String> loraLayers, LoraSpec lora) {
    return encoder.add(layer(spec.latentUnits(), loraLayers.contains("encoder." + index), lora))
        .add(Activation.reluBlock());
  }

  /** Flat pixels (N, side * side) as one-channel images (N, 1, side, side), for convolutional encoders. */
  public static Block squareImages() {
    return new LambdaBlock(inputs -> {
      NDArray flat = inputs.head();
      long side = Math.round(Math.sqrt(flat.getShape().get(1)));
      if (side * side != flat.getShape().get(1)) {
        throw new IllegalArgumentException("a convolutional encoder reads square images; " + flat.getShape().get(1)
            + " features are not a square");
      }
      return new NDList(flat.reshape(new Shape(flat.getShape().get(0), 1, side, side)));
    }, "image");
  }

  private static EncoderBuilder builder(PretrainSpec architecture) {
    return PluginRegistry.shared().get(EncoderBuilder.KIND, architecture.architecture(), "pretrain.architecture");
  }
}
