package ai.pretrain.huggingface;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.stage.StageRun;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pretrain stage of a spec with {@code pretrain.from}: instead of training, checks that the checkpoint's weights
 * are exactly what its config.json declares (every tensor present, of its shape) and publishes its files as the
 * stage's artifacts, under their own file names, for the later stages to build the encoder and tokenizer from.
 */
public final class CheckpointImport {

  private CheckpointImport() {}

  public static StageResult run(StageRun stage, CheckpointFolder folder) throws IOException {
    BertConfig config = config(folder);
    Map<String, Double> metrics = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      CheckpointWeights weights;
      BertEncoder encoder;
      try {
        weights = CheckpointWeights.read(manager, folder.file("model.safetensors"));
        encoder = new BertEncoder(config, weights.has("pooler.dense.weight"));
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        weights.load(encoder.layers());
      } catch (IllegalArgumentException e) {
        throw refused(e.getMessage());
      }
      long parameters = CheckpointWeights.parameters(encoder.layers()).values().stream()
          .mapToLong(p -> p.getArray().size()).sum();
      metrics.put("parameters", (double) parameters);
      metrics.put("layers", (double) config.layers());
      metrics.put("hiddenSize", (double) config.hiddenSize());
      metrics.put("vocabularySize", (double) config.vocabularySize());
      metrics.put("pooler", encoder.hasPooler() ? 1.0 : 0.0);
      boolean head = BertMaskedLanguageModelHead.inCheckpoint(config, weights);
      metrics.put("maskedLanguageModelHead", head ? 1.0 : 0.0);
      List<String> headTensors = head ? config.family().maskedLanguageModelHead().tensors() : List.of();
      List<String> unused = weights.unusedBy(encoder.layers()).stream()
          .filter(name -> !headTensors.contains(name)).toList();
      metrics.put("unusedTensors", (double) unused.size());
      if (!unused.isEmpty()) {
        stage.log().info("model.safetensors holds " + unused.size() + " tensors outside the encoder, left out: "
            + unused.subList(0, Math.min(8, unused.size())) + (unused.size() > 8 ? " and more" : ""));
      }
    }
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    for (String name : folder.files().keySet()) {
      artifacts.put(name, stage.upload(name, folder.file(name), "checkpoint"));
    }
    stage.log().info("imported a " + config.layers() + "-layer " + config.modelType() + " encoder (hidden " + config.hiddenSize() + ", "
        + metrics.get("parameters").longValue() + " parameters)");
    return stage.complete(artifacts, metrics);
  }

  /** The checkpoint's config.json, refused for good when this import cannot compute its architecture. */
  public static BertConfig config(CheckpointFolder folder) throws IOException {
    try {
      return BertConfig.read(folder.file("config.json"));
    } catch (IllegalArgumentException e) {
      throw refused(e.getMessage());
    }
  }

  private static ApplicationFailure refused(String problem) {
    return ApplicationFailure.newNonRetryableFailure(CheckpointFolder.FIELD + ": " + problem, "UnsupportedCheckpoint");
  }
}
