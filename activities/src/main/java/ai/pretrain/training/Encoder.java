package ai.pretrain.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.network.LowRankAdapter;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.spec.EncoderLayers;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.spec.LoraSpec;
import java.util.List;

/**
 * The backbone that pretraining learns and the classifier reuses, built by the spec's architecture plugin
 * ({@link EncoderBuilder}: mlp, residual-cnn and transformer built in), ending in the latent code.
 */
public final class Encoder {

  /** The name of the {@link #standardizedPixels} block, which {@link NetworkLayout} describes. */
  static final String STANDARDIZED_PIXELS = "standardizedPixels";

  private Encoder() {}

  static SequentialBlock build(EncoderSpec architecture, ImageGeometry input) {
    return build(architecture, input, List.of(), null);
  }

  /**
   * The encoder for examples of {@code input}'s geometry, with low-rank adapters on the layers named in
   * {@code loraLayers} ({@code encoder.<i>}).
   */
  static SequentialBlock build(EncoderSpec architecture, ImageGeometry input, List<String> loraLayers,
      LoraSpec lora) {
    return builder(architecture).build(architecture, input, loraLayers, lora);
  }

  /** Its layers with weights, as the adapt spec names them. */
  static EncoderLayers layers(EncoderSpec architecture) {
    return builder(architecture).layers(architecture);
  }

  /** Appends the ReLU latent layer of {@code latentUnits}, which is layer {@code encoder.<index>}. */
  public static SequentialBlock addLatent(SequentialBlock encoder, EncoderSpec spec, int index,
      List<String> loraLayers, LoraSpec lora) {
    return encoder.add(LowRankAdapter.linear(spec.latentUnits(), loraLayers.contains("encoder." + index), lora))
        .add(Activation.reluBlock());
  }

  /**
   * Flat pixels (N, channels * height * width), channel planes in turn, as images (N, channels, height, width) for
   * convolutional encoders, in the geometry data prep recorded ({@code input}). Where none is known (a network built
   * without its data), a square count of features is one greyscale plane and three times a square three colour
   * planes (never both, since 3 is not a square).
   */
  public static Block images(ImageGeometry input) {
    return new LambdaBlock(inputs -> {
      NDArray flat = inputs.head();
      long features = flat.getShape().get(1);
      if (input.isImage()) {
        if (features != input.features()) {
          throw new IllegalArgumentException("a convolutional encoder built for images of " + input.describe()
              + " (" + input.features() + " features) was given " + features + " features per example");
        }
        return new NDList(flat.reshape(new Shape(flat.getShape().get(0), input.channels(), input.height(),
            input.width())));
      }
      long channels = square(features) > 0 ? 1 : features % 3 == 0 && square(features / 3) > 0 ? 3 : 0;
      if (channels == 0) {
        throw new IllegalArgumentException("a convolutional encoder reads images; " + features + " features of "
            + "unknown geometry are neither a square nor three squares");
      }
      long side = square(features / channels);
      return new NDList(flat.reshape(new Shape(flat.getShape().get(0), channels, side, side)));
    }, "image");
  }

  /**
   * Flat pixels (N, channels * height * width) standardized with the training split's statistics per channel,
   * {@code (x - mean[c]) / std[c]}, which {@code input} carries ({@link ImageGeometry#pixels()}): constants of the
   * network, not weights, so training leaves them as data prep measured them and the model card states them.
   */
  public static Block standardizedPixels(ImageGeometry input) {
    int channels = input.channels();
    float[] mean = new float[channels];
    float[] deviation = new float[channels];
    for (int c = 0; c < channels; c++) {
      mean[c] = input.pixels().mean().get(c).floatValue();
      deviation[c] = input.pixels().standardDeviation().get(c).floatValue();
    }
    return new LambdaBlock(inputs -> {
      NDArray flat = inputs.head();
      Shape shape = flat.getShape();
      if (shape.get(1) != input.features()) {
        throw new IllegalArgumentException("an encoder built for images of " + input.describe() + " ("
            + input.features() + " features) was given " + shape.get(1) + " features per example");
      }
      Shape planes = new Shape(shape.get(0), channels, shape.get(1) / channels);
      NDArray centred = flat.reshape(planes).sub(flat.getManager().create(mean, new Shape(channels, 1)));
      return new NDList(centred.div(flat.getManager().create(deviation, new Shape(channels, 1))).reshape(shape));
    }, STANDARDIZED_PIXELS);
  }

  /** The side of a square of {@code pixels}, or 0 when it is not one. */
  private static long square(long pixels) {
    long side = Math.round(Math.sqrt(pixels));
    return side * side == pixels ? side : 0;
  }

  private static EncoderBuilder builder(EncoderSpec architecture) {
    return PluginRegistry.shared().get(EncoderBuilder.KIND, architecture.architecture(), "pretrain.architecture");
  }
}
