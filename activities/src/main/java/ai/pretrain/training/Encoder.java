package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.pretrain.spec.LoraSpec;
import ai.pretrain.spec.PretrainSpec;
import ai.pretrain.spec.TransformerSpec;
import ai.pretrain.text.TextEncoder;
import ai.pretrain.text.TextEncoder.Pooling;
import ai.pretrain.text.TransformerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The backbone that pretraining learns and the classifier reuses, ending in the ReLU latent code: an MLP of hidden
 * layers, or a residual CNN over square greyscale images (3x3 stem, residual stages, global average pooling); or a
 * transformer over token ids whose pooled output is the code.
 */
final class Encoder {

  private Encoder() {}

  static SequentialBlock build(PretrainSpec architecture) {
    return build(architecture, List.of(), null);
  }

  /** The encoder with low-rank adapters on the layers named in {@code loraLayers} ({@code encoder.<i>}). */
  static SequentialBlock build(PretrainSpec architecture, List<String> loraLayers, LoraSpec lora) {
    SequentialBlock encoder = new SequentialBlock();
    if (architecture.usesTransformer()) {
      return encoder.add(new TextEncoder(TransformerConfig.of(architecture),
          TransformerSpec.CLS.equals(architecture.transformer().pooling()) ? Pooling.CLS : Pooling.MEAN));
    }
    int latent = architecture.encoderLayersBeforeLatent();
    if (PretrainSpec.RESIDUAL_CNN.equals(architecture.architecture())) {
      List<Integer> channels = architecture.channels();
      encoder.add(new LambdaBlock(Encoder::toSquareImage, "image"))
          .add(new SequentialBlock().add(ResidualBlock.convolution(channels.get(0), 3, 1))
              .add(BatchNorm.builder().build()).add(Activation.reluBlock()));
      for (int i = 0; i < channels.size(); i++) {
        int previous = i == 0 ? channels.get(0) : channels.get(i - 1);
        int stride = i == 0 ? 1 : 2;
        encoder.add(new ResidualBlock(channels.get(i), stride, stride != 1 || previous != channels.get(i)));
      }
      encoder.add(Pool.globalAvgPool2dBlock());
    } else {
      List<Integer> widths = new ArrayList<>(architecture.hiddenUnits());
      for (int i = 0; i < widths.size(); i++) {
        encoder.add(layer(widths.get(i), loraLayers.contains("encoder." + i), lora)).add(Activation.reluBlock());
      }
    }
    return encoder.add(layer(architecture.latentUnits(), loraLayers.contains("encoder." + latent), lora))
        .add(Activation.reluBlock());
  }

  /** A linear layer of {@code units}, learning through an adapter when {@code adapted}. */
  static Block layer(int units, boolean adapted, LoraSpec lora) {
    return adapted
        ? new LowRankAdapter(units, lora.rank(), lora.scaling())
        : Linear.builder().setUnits(units).build();
  }

  /** Flat pixels (N, side * side) as one-channel images (N, 1, side, side). */
  private static NDList toSquareImage(NDList inputs) {
    NDArray flat = inputs.head();
    long side = Math.round(Math.sqrt(flat.getShape().get(1)));
    if (side * side != flat.getShape().get(1)) {
      throw new IllegalArgumentException("a residual CNN reads square images; " + flat.getShape().get(1)
          + " features are not a square");
    }
    return new NDList(flat.reshape(new Shape(flat.getShape().get(0), 1, side, side)));
  }
}
