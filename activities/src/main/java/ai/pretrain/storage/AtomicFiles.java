package ai.pretrain.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Publishes a file so that readers see either nothing or all of it: a sibling temp file, then an atomic rename. */
final class AtomicFiles {

  private AtomicFiles() {}

  /** Streams {@code content} to {@code target}, replacing it; returns the number of bytes written. */
  static long write(Path target, InputStream content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Same directory, so the rename stays on one filesystem and can be atomic.
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
    try {
      long size = Files.copy(content, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return size;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
