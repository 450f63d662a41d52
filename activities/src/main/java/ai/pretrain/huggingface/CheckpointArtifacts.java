package ai.pretrain.huggingface;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.Artifacts;
import ai.pretrain.pipeline.PreparedData;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names under which a run's stages publish a checkpoint's files: data prep carries its config.json
 * ({@code checkpoint-config}) and tokenizer files, so every later stage builds the same encoder and the export ships
 * the tokenizer; the pretrain stage (the import) and continued pretraining publish the weights as
 * {@code model.safetensors}.
 */
public final class CheckpointArtifacts {

  public static final String CONFIG_FILE = "config.json";
  public static final String TOKENIZER_FILE = "tokenizer.json";
  public static final String WEIGHTS_FILE = "model.safetensors";

  private CheckpointArtifacts() {}

  /** Uploads config.json and the tokenizer files the folder has, under their artifact names. */
  public static Map<String, ArtifactRef> publish(StageRun stage, CheckpointFolder folder, List<String> required) {
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    List<String> files = new ArrayList<>(required);
    CheckpointSpec.TOKENIZER_EXTRAS.stream().filter(folder.files()::containsKey).forEach(files::add);
    for (String file : files) {
      artifacts.put(artifactName(file), stage.upload(file, folder.file(file), "checkpoint"));
    }
    return artifacts;
  }

  /** The encoder's architecture, from the config.json data prep published. */
  public static BertConfig config(StageRun stage, PreparedData data) throws IOException {
    return BertConfig.read(configFile(stage, data));
  }

  /** A local copy of the config.json data prep published. */
  public static Path configFile(StageRun stage, PreparedData data) {
    return stage.download(data.artifact(Artifacts.CHECKPOINT_CONFIG), CONFIG_FILE);
  }

  /** Local copies of tokenizer.json and the tokenizer files beside it, under their own file names. */
  public static List<Path> tokenizerFiles(StageRun stage, PreparedData data) {
    List<Path> files = new ArrayList<>();
    files.add(stage.download(data.artifact(Artifacts.TOKENIZER), TOKENIZER_FILE));
    for (String extra : CheckpointSpec.TOKENIZER_EXTRAS) {
      data.optionalArtifact(extra).ifPresent(ref -> files.add(stage.download(ref, extra)));
    }
    return files;
  }

  private static String artifactName(String file) {
    return switch (file) {
      case CONFIG_FILE -> Artifacts.CHECKPOINT_CONFIG;
      case TOKENIZER_FILE -> Artifacts.TOKENIZER;
      default -> file;
    };
  }
}
