package ai.pretrain.training;

import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.cache.StageRun;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.PretrainSpec;
import java.io.IOException;
import java.util.Map;

/**
 * The adapt stage: puts a new, seeded classification head on the pretrained encoder, or on a freshly initialised one
 * for the from-scratch baseline.
 */
final class Adaptation {

  private Adaptation() {}

  static StageResult run(StageRun stage, PretrainSpec architecture, AdaptSpec adapt, StageResult data,
      StageResult pretrained, long seed) throws IOException {
    int features = data.metrics().get("features").intValue();
    int classes = data.metrics().get("classes").intValue();
    Classifier classifier = new Classifier(architecture, adapt, classes);
    try (TrainingSession session = new TrainingSession("classifier", classifier.network,
        Loss.softmaxCrossEntropyLoss(), new AdamW(Tracker.fixed(0f), 0, 0, 0), features, seed, manager -> {
          if (pretrained != null) {
            classifier.loadEncoder(manager, stage.download(pretrained.artifact("encoder"), "encoder.params"));
          }
        })) {
      ArtifactRef model = stage.upload("model.params",
          Weights.save(classifier.network, stage.workspace().resolve("model.params")), "model");
      long parameters = classifier.network.getParameters().values().stream()
          .mapToLong(p -> p.getArray().size())
          .sum();
      return stage.complete(Map.of("model", model), Map.of(
          "parameters", (double) parameters,
          "pretrainedEncoder", pretrained == null ? 0.0 : 1.0));
    }
  }
}
