package ai.pretrain.plugin;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one labeled dataset, whole, from the worker's data root (where {@code scripts/fetch-data.sh} or the operator
 * put its files). Data prep splits, standardizes and shards what it returns.
 */
public interface DatasetReader extends Plugin {

  PluginKind<DatasetReader> KIND = new PluginKind<>(DatasetReader.class, "dataset");

  /** Whether the examples are images (augmentations apply only to those). */
  boolean images();

  /**
   * Whether the examples carry a continuous target (regression) instead of a class label; the spec is checked against
   * it before anything runs, so {@link #read} must return a dataset of the same kind.
   */
  default boolean regression() {
    return false;
  }

  /** Every example with its label or target. */
  LabeledDataset read(Path dataRoot) throws IOException;

  /** A digest of the source files, the raw data's identity in stage cache keys. */
  String checksum(Path dataRoot) throws IOException;
}
