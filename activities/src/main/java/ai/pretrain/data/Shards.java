package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.pipeline.StageResult;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the dataset shards a prepared-data stage produced. */
public final class Shards {

  private Shards() {}

  /** Shards of a separate unlabeled pretraining set ({@code pretrain.data}). */
  public static final String PRETRAINING_PREFIX = "pretrain-";

  /** The shards pretraining reads, in order: a separate unlabeled set where data prep wrote one, else training's. */
  public static List<ArtifactRef> training(StageResult data) {
    List<ArtifactRef> separate = numbered(data, PRETRAINING_PREFIX);
    return separate.isEmpty() ? numbered(data, "train-") : separate;
  }

  /** The shards named {@code <prefix>NNN} (e.g. {@code corpus-}), in order. */
  public static List<ArtifactRef> numbered(StageResult data, String prefix) {
    return data.artifacts().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().substring(prefix.length()).matches("\\d+"))
        .sorted(java.util.Map.Entry.comparingByKey())
        .map(java.util.Map.Entry::getValue)
        .toList();
  }

  /** Downloads (sha256-verified) and reads shards into one in-memory set. */
  public static ExampleShard read(StageRun stage, List<ArtifactRef> refs) throws IOException {
    List<ExampleShard> shards = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      Path file = stage.download(refs.get(i), "input-" + i + ".ptds");
      shards.add(ExampleShard.read(file));
      Files.delete(file);
    }
    return ExampleShard.concat(shards);
  }
}
