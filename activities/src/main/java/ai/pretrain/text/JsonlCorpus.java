package ai.pretrain.text;

import ai.pretrain.plugin.TextCorpusReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A text corpus that {@code scripts/fetch-data.sh} converted to {@code <root>/<name>/<name>.jsonl}. */
abstract class JsonlCorpus implements TextCorpusReader {

  @Override
  public List<String> read(Path dataRoot) throws IOException {
    return JsonlFiles.read(dataRoot, name()).texts();
  }

  @Override
  public String checksum(Path dataRoot) throws IOException {
    return JsonlFiles.checksum(dataRoot, name());
  }
}
