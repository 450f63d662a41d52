package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the dataset shards a prepared-data stage produced. */
public final class Shards {

  private Shards() {}

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

  /** Downloads one shard and reads its first {@code limit} examples. */
  public static ExampleShard readFirst(StageRun stage, ArtifactRef ref, int limit) throws IOException {
    Path file = stage.download(ref, "input-first.ptds");
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return ExampleShard.read(in, limit);
    } finally {
      Files.delete(file);
    }
  }

  /** Downloads and reads one shard. */
  public static ExampleShard read(StageRun stage, ArtifactRef ref) throws IOException {
    return read(stage, List.of(ref));
  }
}
