package ai.pretrain.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads an unlabeled general-domain text corpus, the documents a language model is pretrained on. */
public interface TextCorpusReader extends Plugin {

  PluginKind<TextCorpusReader> KIND = new PluginKind<>(TextCorpusReader.class, "corpus");

  List<String> read(Path dataRoot) throws IOException;

  /** A digest of the source files, the raw data's identity in stage cache keys. */
  String checksum(Path dataRoot) throws IOException;
}
