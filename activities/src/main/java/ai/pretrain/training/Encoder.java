package ai.pretrain.training;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.pretrain.spec.PretrainSpec;

/** The MLP backbone that pretraining learns and the classifier reuses: hidden layers, then the latent code, all ReLU. */
final class Encoder {

  private Encoder() {}

  static SequentialBlock build(PretrainSpec architecture) {
    SequentialBlock encoder = new SequentialBlock();
    for (int units : architecture.hiddenUnits()) {
      encoder.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock());
    }
    return encoder.add(Linear.builder().setUnits(architecture.latentUnits()).build()).add(Activation.reluBlock());
  }
}
