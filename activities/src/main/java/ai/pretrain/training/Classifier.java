package ai.pretrain.training;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.PretrainSpec;

/** The encoder under a new classification head: optional dropout, an optional hidden layer, then class logits. */
final class Classifier {

  final SequentialBlock encoder;
  final SequentialBlock network;

  Classifier(PretrainSpec architecture, AdaptSpec adapt, int classes) {
    this.encoder = Encoder.build(architecture);
    SequentialBlock head = new SequentialBlock();
    if (adapt.dropout() > 0) {
      head.add(Dropout.builder().optRate(adapt.dropout().floatValue()).build());
    }
    if (adapt.headHiddenUnits() > 0) {
      head.add(Linear.builder().setUnits(adapt.headHiddenUnits()).build()).add(Activation.reluBlock());
    }
    head.add(Linear.builder().setUnits(classes).build());
    this.network = new SequentialBlock().add(encoder).add(head);
  }
}
