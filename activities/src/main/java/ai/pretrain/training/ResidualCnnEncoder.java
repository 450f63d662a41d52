package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.pretrain.architecture.ResidualCnnArchitecture;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.LoraSpec;
import java.util.List;

/**
 * Builds the {@code residual-cnn} encoder over images of 1 or 3 channels in the data's geometry
 * ({@link Encoder#images}): a 3x3 stem, residual stages that each halve the resolution, average pooling to a 4x4 grid,
 * then the ReLU latent layer.
 */
public final class ResidualCnnEncoder extends ResidualCnnArchitecture implements EncoderBuilder {

  /** Cells per side of the pooled feature map the latent layer reads. */
  static final int GRID = 4;

  @Override
  public SequentialBlock build(EncoderSpec spec, ImageGeometry input, List<String> loraLayers, LoraSpec lora) {
    List<Integer> channels = spec.channels();
    SequentialBlock encoder = new SequentialBlock();
    encoder.add(Encoder.images(input))
        .add(new SequentialBlock().add(ResidualBlock.convolution(channels.get(0), 3, 1))
            .add(BatchNorm.builder().build()).add(Activation.reluBlock()));
    for (int i = 0; i < channels.size(); i++) {
      int previous = i == 0 ? channels.get(0) : channels.get(i - 1);
      encoder.add(new ResidualBlock(channels.get(i), 2, true));
    }
    encoder.add(gridPooling());
    return Encoder.addLatent(encoder, spec, 1 + channels.size(), loraLayers, lora);
  }

  /**
   * Average pooling down to a grid of at most {@value #GRID} x {@value #GRID} cells, flattened: unlike global average
   * pooling it keeps where a feature is (the top of a 7 from the top of a 1), which a small network learning from a few
   * labels cannot afford to lose; a feature map at most that size passes as it is.
   */
  static Block gridPooling() {
    return new LambdaBlock(inputs -> {
      NDArray maps = inputs.head();
      Shape cell = new Shape(cellSide(maps.getShape().get(2)), cellSide(maps.getShape().get(3)));
      NDArray pooled = Pool.avgPool2d(maps, cell, cell, new Shape(0, 0), true, false);
      return new NDList(pooled.reshape(pooled.getShape().get(0), -1));
    }, "gridPooling");
  }

  private static long cellSide(long side) {
    return (side + GRID - 1) / GRID;
  }
}
