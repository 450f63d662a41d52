package ai.pretrain.training;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.huggingface.CheckpointArtifacts;
import ai.pretrain.network.ClassifierNetwork;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.util.Map;

/**
 * The adapt stage: puts a new, seeded classification head on the pretrained encoder, or on a freshly initialised one
 * for the from-scratch baseline.
 */
final class Adaptation {

  private Adaptation() {}

  static StageResult run(TrainingContext context, EncoderSpec architecture, AdaptSpec adapt, PreparedData data,
      StageResult pretrained) throws IOException {
    StageRun stage = context.stage();
    int features = data.features();
    int classes = data.classes();
    ClassifierNetwork classifier = ClassifierNetworks.of(stage, architecture, adapt, data, classes);
    Block network = classifier.network();
    try (TrainingSession session = new TrainingSession("classifier", network,
        Loss.softmaxCrossEntropyLoss(), new AdamW(Tracker.fixed(0f), 0, 0, 0), features, context.seed(), manager -> {
          if (pretrained != null) {
            if (architecture.importsCheckpoint()) {
              // imported weights load into initialized parameters, whose shapes the checkpoint must match
              network.initialize(manager, DataType.FLOAT32, new Shape(1, features));
            }
            classifier.loadEncoder(manager, stage.download(encoderArtifact(architecture, pretrained),
                architecture.importsCheckpoint() ? CheckpointArtifacts.WEIGHTS_FILE : "encoder.params"));
          }
        })) {
      ArtifactRef model = stage.upload("model.params",
          Weights.save(network, stage.workspace().resolve("model.params")), "model");
      long parameters = network.getParameters().values().stream()
          .mapToLong(p -> p.getArray().size())
          .sum();
      return stage.complete(Map.of(Artifacts.MODEL, model), Map.of(
          "parameters", (double) parameters,
          "pretrainedEncoder", pretrained == null ? 0.0 : 1.0));
    }
  }

  /** The pretrained encoder's weights: an imported (or further pretrained) checkpoint's, or the pretrain stage's. */
  static ArtifactRef encoderArtifact(EncoderSpec architecture, StageResult pretrained) {
    return pretrained.artifact(architecture.importsCheckpoint() ? Artifacts.CHECKPOINT_WEIGHTS : Artifacts.ENCODER);
  }
}
