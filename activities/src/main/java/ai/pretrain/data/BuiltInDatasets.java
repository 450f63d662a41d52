package ai.pretrain.data;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the converted, checksummed copies of the built-in datasets that {@code scripts/fetch-data.sh} caches. */
public final class BuiltInDatasets {

  private final Path dataRoot;

  public BuiltInDatasets(Path dataRoot) {
    this.dataRoot = dataRoot;
  }

  /** The dataset's shard file; fails without retry, saying how to fetch it, when it is missing. */
  public Path shardOf(String name) {
    Path file = dataRoot.resolve(name).resolve(name + ".ptds");
    if (!Files.isRegularFile(file)) {
      throw ApplicationFailure.newNonRetryableFailure("dataset '" + name + "' is not in the data root " + dataRoot
          + "; run scripts/fetch-data.sh (or set PRETRAIN_DATA_ROOT to where it put the data)", "DatasetMissing");
    }
    return file;
  }

  /** The sha256 recorded when the dataset was converted, used as the raw input's identity in cache keys. */
  public String checksumOf(String name) throws IOException {
    Path sum = dataRoot.resolve(name).resolve(name + ".ptds.sha256");
    return Files.readString(sum).trim().split("\\s+")[0];
  }
}
