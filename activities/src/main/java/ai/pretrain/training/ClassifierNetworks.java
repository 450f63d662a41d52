package ai.pretrain.training;

import ai.pretrain.data.ImageGeometry;
import ai.pretrain.huggingface.BertClassifier;
import ai.pretrain.huggingface.CheckpointArtifacts;
import ai.pretrain.network.ClassifierNetwork;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.stage.StageRun;
import java.io.IOException;

/** Builds the network a stage trains or scores: the spec's encoder, or an imported checkpoint's architecture. */
public final class ClassifierNetworks {

  private ClassifierNetworks() {}

  /**
   * For a run that imports a checkpoint, a BERT of the architecture in the config.json data prep published (the same
   * for the scratch baseline, which starts it from random weights); otherwise the spec's encoder and head.
   */
  public static ClassifierNetwork of(StageRun stage, EncoderSpec architecture, AdaptSpec adapt, PreparedData data,
      int classes) throws IOException {
    if (architecture.importsCheckpoint()) {
      return new BertClassifier(CheckpointArtifacts.config(stage, data), adapt, classes);
    }
    return new Classifier(architecture, adapt, classes, ImageGeometry.of(data));
  }
}
