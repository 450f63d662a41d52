package ai.pretrain.api.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads {@code file://} artifacts under one directory; links and ".." that lead out of it are refused. */
final class DirectoryStoreReader implements StoreReader {

  private final Path root;

  DirectoryStoreReader(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public boolean contains(String uri) {
    if (!uri.startsWith("file:")) {
      return false;
    }
    try {
      Path path = Path.of(URI.create(uri));
      if (!path.normalize().equals(path) || !path.startsWith(root) || path.equals(root)) {
        return false;
      }
      // A symbolic link inside the store must not lead out of it.
      return !Files.exists(path) || path.toRealPath().startsWith(root.toRealPath());
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }

  @Override
  public Optional<Long> size(String uri) throws IOException {
    Path path = Path.of(URI.create(uri));
    return Files.isRegularFile(path) ? Optional.of(Files.size(path)) : Optional.empty();
  }

  @Override
  public InputStream open(String uri, long offset, long length) throws IOException {
    FileChannel channel = FileChannel.open(Path.of(URI.create(uri)), StandardOpenOption.READ);
    channel.position(offset);
    return new BoundedInputStream(Channels.newInputStream(channel), length);
  }

  @Override
  public Optional<byte[]> readSmall(String uri) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(Path.of(URI.create(uri))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public String uriOf(String key) {
    return root.resolve(key).toUri().toString();
  }

  @Override
  public List<String> list(String uriPrefix) throws IOException {
    Path prefix = Path.of(URI.create(uriPrefix));
    Path folder = uriPrefix.endsWith("/") ? prefix : prefix.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile)
          .map(p -> p.toUri().toString())
          .filter(u -> u.startsWith(uriPrefix))
          .sorted()
          .toList();
    }
  }

  @Override
  public void write(String uri, byte[] content) throws IOException {
    Path path = Path.of(URI.create(uri));
    Files.createDirectories(path.getParent());
    Files.write(path, content);
  }

  @Override
  public boolean create(String uri, byte[] content) throws IOException {
    Path path = Path.of(URI.create(uri));
    Files.createDirectories(path.getParent());
    Path written = Files.createTempFile(path.getParent(), ".create-", ".tmp");
    try {
      Files.write(written, content);
      // link(2) fails when the name exists, and the name appears with its whole content.
      Files.createLink(path, written);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(written);
    }
  }

  @Override
  public void copy(String from, String to) throws IOException {
    Path target = Path.of(URI.create(to));
    Files.createDirectories(target.getParent());
    Files.copy(Path.of(URI.create(from)), target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void delete(String uri) throws IOException {
    Path path = Path.of(URI.create(uri));
    Files.deleteIfExists(path);
    // Empty folders left behind would still be listed as a stage's cache keys.
    for (Path folder = path.getParent(); folder != null && !folder.equals(root) && folder.startsWith(root);
        folder = folder.getParent()) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          break;
        }
      }
      Files.deleteIfExists(folder);
    }
  }

  /** At most {@code remaining} bytes of the underlying stream. */
  private static final class BoundedInputStream extends java.io.FilterInputStream {

    private long remaining;

    BoundedInputStream(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(buffer, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
