package ai.pretrain.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Publishes a file so that readers see either nothing or all of it: a sibling temp file, then an atomic rename. */
final class AtomicFiles {

  private AtomicFiles() {}

  /** What fills the partial file before it is published. */
  interface Content {
    void writeTo(Path partial) throws Exception;
  }

  /** Streams {@code content} to {@code target}, replacing it; returns the number of bytes written. */
  static long write(Path target, InputStream content) throws IOException {
    long[] size = new long[1];
    try {
      publish(target, partial -> size[0] = Files.copy(content, partial, StandardCopyOption.REPLACE_EXISTING));
      return size[0];
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  /** Lets {@code content} fill a sibling of {@code target}, then renames it into place; on failure deletes it. */
  static void publish(Path target, Content content) throws Exception {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Same directory, so the rename stays on one filesystem and can be atomic.
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".partial");
    try {
      content.writeTo(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
