package ai.pretrain.data;

import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.plugin.LabeledTexts;
import ai.pretrain.plugin.Plugin;
import ai.pretrain.plugin.PluginKind;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.plugin.TextCorpusReader;
import ai.pretrain.plugin.TextDatasetReader;
import ai.pretrain.plugin.UnknownPluginException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The dataset and text corpus reader plugins installed on this worker, reading from its data root. */
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
    return withFiles(name, () -> reader(DatasetReader.KIND, name, "dataset.name").read(dataRoot));
  }

  /** The digest of the dataset's source files, its identity in cache keys. */
  public String checksum(String name) throws IOException {
    return withFiles(name, () -> reader(DatasetReader.KIND, name, "dataset.name").checksum(dataRoot));
  }

  /** Every document of text dataset {@code name}. */
  public LabeledTexts readTexts(String name) throws IOException {
    return withFiles(name, () -> reader(TextDatasetReader.KIND, name, "dataset.name").read(dataRoot));
  }

  public String textsChecksum(String name) throws IOException {
    return withFiles(name, () -> reader(TextDatasetReader.KIND, name, "dataset.name").checksum(dataRoot));
  }

  /** Every document of text corpus {@code name}. */
  public List<String> readCorpus(String name) throws IOException {
    return withFiles(name, () -> reader(TextCorpusReader.KIND, name, "pretrain.corpus").read(dataRoot));
  }

  public String corpusChecksum(String name) throws IOException {
    return withFiles(name, () -> reader(TextCorpusReader.KIND, name, "pretrain.corpus").checksum(dataRoot));
  }

  /** Reading a plugin's files, which may not have been fetched. */
  private interface FileRead<T> {
    T get() throws IOException;
  }

  private <T> T withFiles(String name, FileRead<T> read) throws IOException {
    try {
      return read.get();
    } catch (NoSuchFileException e) {
      throw missing(name, e);
    }
  }

  private <T extends Plugin> T reader(PluginKind<T> kind, String name, String field) {
    try {
      return plugins.get(kind, name, field);
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
