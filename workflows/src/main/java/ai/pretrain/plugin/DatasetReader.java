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

  /** Every example with its label. */
  LabeledDataset read(Path dataRoot) throws IOException;

  /** A digest of the source files, the raw data's identity in stage cache keys. */
  String checksum(Path dataRoot) throws IOException;
}
