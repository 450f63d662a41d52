package ai.pretrain.huggingface;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The evaluate stage's export of a model fine-tuned from an imported checkpoint: a
 * {@code BertForSequenceClassification} folder ({@link BertClassifierExport}) published as artifacts named
 * {@code huggingface-<file>}, stored together under {@code huggingface/} beside the stage's other outputs, so copying
 * that prefix gives a folder {@code from_pretrained} loads.
 */
public final class HuggingFaceExport {

  /** The prefix of every exported file's artifact name. */
  public static final String PREFIX = "huggingface-";

  private HuggingFaceExport() {}

  /**
   * @param classNames the dataset's class names for {@code id2label}, or null for {@code LABEL_0}, {@code LABEL_1}, …
   */
  public static Map<String, ArtifactRef> publish(StageRun stage, BertClassifier classifier, PreparedData data,
      List<String> classNames) throws IOException {
    BertSequenceClassifier network = classifier.sequenceClassifier();
    List<String> labels = classNames != null ? classNames
        : IntStream.range(0, network.classes()).mapToObj(i -> "LABEL_" + i).toList();
    Path folder = stage.workspace().resolve("huggingface");
    BertClassifierExport.write(folder, network, CheckpointArtifacts.configFile(stage, data), labels,
        CheckpointArtifacts.tokenizerFiles(stage, data));
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        artifacts.put(PREFIX + name, stage.upload("huggingface/" + name, file, "huggingface-model"));
      }
    }
    return artifacts;
  }
}
