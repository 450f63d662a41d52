package ai.pretrain.plugin;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one labeled text dataset (e.g. emails labeled spam or ham), whole, from the worker's data root. Data prep
 * splits it, trains the tokenizer and turns every document into token ids.
 */
public interface TextDatasetReader extends Plugin {

  PluginKind<TextDatasetReader> KIND = new PluginKind<>(TextDatasetReader.class, "text dataset");

  /** Every document with its label, the text already stripped of markup and headers. */
  LabeledTexts read(Path dataRoot) throws IOException;

  /** A digest of the source files, the raw data's identity in stage cache keys. */
  String checksum(Path dataRoot) throws IOException;
}
