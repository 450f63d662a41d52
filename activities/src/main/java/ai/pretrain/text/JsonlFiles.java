package ai.pretrain.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where {@code scripts/fetch-data.sh} puts a converted text set: {@code <root>/<name>/<name>.jsonl} and its sha256. */
final class JsonlFiles {

  private JsonlFiles() {}

  static TextCorpus read(Path dataRoot, String name) throws IOException {
    return TextCorpus.read(file(dataRoot, name));
  }

  /** The sha256 the fetch script recorded beside the converted file. */
  static String checksum(Path dataRoot, String name) throws IOException {
    Path sum = file(dataRoot, name).resolveSibling(name + ".jsonl.sha256");
    if (!Files.isRegularFile(sum)) {
      throw new NoSuchFileException(sum.toString());
    }
    return Files.readString(sum).trim().split("\\s+")[0];
  }

  private static Path file(Path dataRoot, String name) {
    return dataRoot.resolve(name).resolve(name + ".jsonl");
  }
}
