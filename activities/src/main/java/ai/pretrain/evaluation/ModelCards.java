package ai.pretrain.evaluation;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.data.ImageGeometry;
import ai.pretrain.data.InputEncoding;
import ai.pretrain.data.LabeledExamples;
import ai.pretrain.data.TargetStandardization;
import ai.pretrain.data.TestExamples;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.pipeline.RunContext;
import ai.pretrain.spec.AdaptSpec;
import ai.pretrain.spec.EncoderSpec;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the exported model's card from what the evaluate stage holds: the network, the data's encoding and split. */
final class ModelCards {

  private ModelCards() {}

  /**
   * The card of the model whose weights are {@code model}, scored on {@code test}; {@code target} is the regression
   * target's standardization (null for a classifier), {@code layout} the network's operations (null for a BERT).
   */
  static ModelCard of(StageRun stage, RunContext run, PreparedData data, EncoderSpec architecture, AdaptSpec adapt,
      LabeledExamples test, List<Map<String, Object>> layout, List<String> tensors, Map<String, Double> metrics,
      ArtifactRef model, TestExamples examples, TargetStandardization target) throws IOException {
    ImageGeometry geometry = ImageGeometry.of(data);
    Map<String, Integer> image = null;
    if (geometry.isImage()) {
      image = new LinkedHashMap<>();
      image.put("channels", geometry.channels());
      image.put("height", geometry.height());
      image.put("width", geometry.width());
    }
    ModelCard.Input input = new ModelCard.Input(test.featureCount(), image, InputEncoding.of(stage, data));
    Map<String, Object> output = test.isRegression()
        ? ModelCard.standardizedTarget(target.mean(), target.standardDeviation())
        : ModelCard.logits(classNames(examples, test.classCount()));
    Map<String, Object> shape = new LinkedHashMap<>();
    shape.put("encoder", architecture);
    shape.put("head", adapt);
    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put("runId", run.runId());
    lineage.put("model", model);
    lineage.put("test", data.artifact(Artifacts.TEST));
    data.optionalArtifact(Artifacts.DATASET_CARD).ifPresent(card -> lineage.put("datasetCard", card));
    return new ModelCard(ModelCard.SCHEMA_VERSION, run.pipelineName(), "safetensors",
        test.isRegression() ? "regression" : "classification", input, output, layout,
        new ModelCard.Split(examples.split(), data.optionalArtifact(Artifacts.TEST_EXAMPLES).orElse(null),
            data.artifact(Artifacts.TEST)),
        shape, tensors, data.artifacts().get(Artifacts.TOKENIZER), metrics, lineage);
  }

  /** The dataset's class names, or the class indices where it has none. */
  private static List<String> classNames(TestExamples examples, int classes) {
    if (examples.classNames() != null && examples.classNames().size() == classes) {
      return examples.classNames();
    }
    List<String> indices = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      indices.add(Integer.toString(c));
    }
    return indices;
  }
}
