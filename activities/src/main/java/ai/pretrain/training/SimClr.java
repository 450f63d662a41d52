package ai.pretrain.training;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.spec.PretrainSpec;

/**
 * SimCLR's network (Chen et al., 2020): the spec's encoder, then a projection head (linear, batch norm, ReLU, linear)
 * whose output the contrastive loss compares. Only the encoder is kept: the representation before the projection
 * transfers better than the projection itself, which learns to discard what the augmentations change.
 */
final class SimClr {

  static final int PROJECTION_HIDDEN_UNITS = 256;
  static final int PROJECTION_UNITS = 128;

  final SequentialBlock encoder;
  final SequentialBlock network;

  SimClr(PretrainSpec spec, ImageGeometry input) {
    this.encoder = Encoder.build(spec.encoder(), input);
    SequentialBlock projection = new SequentialBlock()
        .add(Linear.builder().setUnits(PROJECTION_HIDDEN_UNITS).build())
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(PROJECTION_UNITS).build());
    this.network = new SequentialBlock().add(encoder).add(projection);
  }
}
