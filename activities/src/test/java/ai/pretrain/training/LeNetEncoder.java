package ai.pretrain.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.spec.EncoderLayers;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.LoraSpec;
import java.util.List;
import java.util.Set;

/**
 * The example architecture plugin (registered by this module's test services file): LeCun's LeNet-5 feature
 * extractor, two 5x5 convolutions with max pooling, then the latent layer; {@code pretrain.architecture: lenet}.
 */
public final class LeNetEncoder implements EncoderBuilder {

  @Override
  public String name() {
    return "lenet";
  }

  @Override
  public String summary() {
    return "LeNet-5: 6 and 16 5x5 convolutions with 2x2 max pooling, then latentUnits; square images";
  }

  @Override
  public Set<Input> inputs() {
    return Set.of(Input.IMAGES);
  }

  @Override
  public EncoderLayers layers(EncoderSpec spec) {
    return new EncoderLayers(3, 2);
  }

  @Override
  public SequentialBlock build(EncoderSpec spec, ImageGeometry input, List<String> loraLayers, LoraSpec lora) {
    SequentialBlock encoder = new SequentialBlock().add(Encoder.images(input));
    for (int filters : List.of(6, 16)) {
      encoder.add(new SequentialBlock()
          .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(filters).build())
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(2, 2))));
    }
    encoder.add(Blocks.batchFlattenBlock());
    return Encoder.addLatent(encoder, spec, 2, loraLayers, lora);
  }
}
