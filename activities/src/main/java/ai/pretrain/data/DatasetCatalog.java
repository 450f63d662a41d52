package ai.pretrain.data;

import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.plugin.UnknownPluginException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The dataset reader plugins installed on this worker, reading from its data root. */
public final class DatasetCatalog {

  private final Path dataRoot;
  private final PluginRegistry plugins;

  public DatasetCatalog(Path dataRoot, PluginRegistry plugins) {
    this.dataRoot = dataRoot;
    this.plugins = plugins;
  }

  /** The catalogue of the plugins on this process's classpath. */
  public DatasetCatalog(Path dataRoot) {
    this(dataRoot, PluginRegistry.installed());
  }

  /** Every example of dataset {@code name}; fails without retry when the reader or its files are missing. */
  public LabeledDataset read(String name) throws IOException {
    try {
      return reader(name).read(dataRoot);
    } catch (NoSuchFileException e) {
      throw missing(name, e);
    }
  }

  /** The digest of the dataset's source files, its identity in cache keys. */
  public String checksum(String name) throws IOException {
    try {
      return reader(name).checksum(dataRoot);
    } catch (NoSuchFileException e) {
      throw missing(name, e);
    }
  }

  private DatasetReader reader(String name) {
    try {
      return plugins.get(DatasetReader.KIND, name, "dataset.name");
    } catch (UnknownPluginException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "UnknownPlugin");
    }
  }

  private ApplicationFailure missing(String name, NoSuchFileException e) {
    return ApplicationFailure.newNonRetryableFailure("dataset '" + name + "' is not in the data root " + dataRoot
        + " (" + e.getFile() + " is missing); run scripts/fetch-data.sh (or set PRETRAIN_DATA_ROOT to where it put "
        + "the data)", "DatasetMissing");
  }
}
