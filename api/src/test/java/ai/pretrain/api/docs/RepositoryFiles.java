package ai.pretrain.api.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's checked-in files, read from the api module's tests (Maven runs them in {@code api/}). */
final class RepositoryFiles {

  private RepositoryFiles() {}

  /** The repository root: the directory above the api module that holds the reactor's pom.xml and docs/. */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("docs"))
          && Files.isDirectory(dir.resolve("api"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root (pom.xml, docs/, api/) above " + here);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
