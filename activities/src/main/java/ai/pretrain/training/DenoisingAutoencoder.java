package ai.pretrain.training;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.spec.PretrainSpec;
import java.util.List;
import java.util.Random;

/**
 * A denoising autoencoder (Vincent et al., 2008): the encoder maps a corrupted input to a code, a mirrored decoder
 * reconstructs the clean input, and the reconstruction error trains both. Pixels in [0, 1] are reconstructed through a
 * sigmoid and stay in range when noised; standardized table features are reconstructed linearly and left unbounded.
 */
final class DenoisingAutoencoder {

  final SequentialBlock encoder;
  final SequentialBlock network;
  private final String corruption;
  private final double level;
  private final boolean pixels;

  /** For examples of {@code features}; images ({@code input}) are pixels, anything else standardized features. */
  DenoisingAutoencoder(PretrainSpec spec, int features, ImageGeometry input) {
    this.encoder = Encoder.build(spec.encoder(), input);
    boolean pixels = input.isImage();
    SequentialBlock decoder = new SequentialBlock();
    List<Integer> hidden = spec.hiddenUnits();
    for (int i = hidden.size() - 1; i >= 0; i--) {
      decoder.add(Linear.builder().setUnits(hidden.get(i)).build()).add(Activation.reluBlock());
    }
    decoder.add(Linear.builder().setUnits(features).build());
    if (pixels) {
      decoder.add(Activation::sigmoid);
    }
    this.network = new SequentialBlock().add(encoder).add(decoder);
    this.corruption = spec.corruption();
    this.level = spec.corruptionLevel();
    this.pixels = pixels;
  }

  /**
   * Writes a corrupted copy of {@code clean} into {@code noisy}: masked values set to 0 (black, or a table column's
   * mean), or Gaussian noise added (clipped to the pixel range for images).
   */
  void corrupt(float[] clean, float[] noisy, Random random) {
    if ("masking".equals(corruption)) {
      for (int i = 0; i < clean.length; i++) {
        noisy[i] = random.nextDouble() < level ? 0f : clean[i];
      }
    } else {
      for (int i = 0; i < clean.length; i++) {
        double value = clean[i] + random.nextGaussian() * level;
        noisy[i] = (float) (pixels ? Math.min(1.0, Math.max(0.0, value)) : value);
      }
    }
  }
}
