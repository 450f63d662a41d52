package ai.pretrain.text;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The converted corpora that scripts/fetch-data.sh caches; a test that needs one fails saying how to get it. */
final class TextCorpora {

  private TextCorpora() {}

  static TextCorpus read(String name) throws IOException {
    Path root = Path.of(System.getenv().getOrDefault("PRETRAIN_DATA_ROOT",
        System.getProperty("user.home") + "/.cache/pretrain/data"));
    Path file = root.resolve(name).resolve(name + ".jsonl");
    if (!Files.isRegularFile(file)) {
      fail(name + " is not in " + root + "; run scripts/fetch-data.sh " + name + " (or set PRETRAIN_DATA_ROOT)");
    }
    return TextCorpus.read(file);
  }
}
