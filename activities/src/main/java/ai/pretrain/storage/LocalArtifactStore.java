package ai.pretrain.storage;

import ai.pretrain.artifact.Sha256;
import ai.pretrain.artifact.ArtifactRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** An artifact store in a local directory, for development and single-machine runs; URIs are {@code file:///...}. */
public final class LocalArtifactStore implements ArtifactStore {

  private final Path root;

  public LocalArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public ArtifactRef put(String key, Path file, String kind, Lineage lineage) {
    try (InputStream in = Files.newInputStream(file)) {
      return put(key, in, kind, lineage);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no file to store at " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not store " + file + " as " + uriOf(key), e);
    }
  }

  @Override
  public ArtifactRef put(String key, byte[] content, String kind, Lineage lineage) {
    try {
      return put(key, new ByteArrayInputStream(content), kind, lineage);
    } catch (IOException e) {
      throw new UncheckedIOException("could not store " + uriOf(key), e);
    }
  }

  private ArtifactRef put(String key, InputStream content, String kind, Lineage lineage) throws IOException {
    Path target = pathOf(key);
    MessageDigest digest = Sha256.newDigest();
    long size = AtomicFiles.write(target, new DigestInputStream(content, digest));
    AtomicFiles.write(lineagePath(target), new ByteArrayInputStream(LineageJson.write(lineage)));
    return new ArtifactRef(target.toUri().toString(), Sha256.hex(digest), size, kind);
  }

  @Override
  public void download(ArtifactRef ref, Path target) {
    try (InputStream in = open(ref)) {
      AtomicFiles.write(target, in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not download " + ref.uri() + " to " + target, e);
    }
  }

  @Override
  public InputStream open(ArtifactRef ref) {
    Path path = pathOf(ref);
    try {
      return new VerifyingInputStream(Files.newInputStream(path), ref.sha256(), ref.uri());
    } catch (NoSuchFileException e) {
      throw new ArtifactNotFoundException("no artifact at " + ref.uri(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open " + ref.uri(), e);
    }
  }

  @Override
  public Optional<byte[]> readSmall(String key) {
    try {
      return Optional.of(Files.readAllBytes(pathOf(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + uriOf(key), e);
    }
  }

  @Override
  public Lineage lineage(ArtifactRef ref) {
    Path path = lineagePath(pathOf(ref));
    try {
      return LineageJson.read(Files.readAllBytes(path), path.toString());
    } catch (NoSuchFileException e) {
      throw new ArtifactNotFoundException("no lineage manifest beside " + ref.uri(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path, e);
    }
  }

  @Override
  public List<String> children(String prefix) {
    Path dir = pathOf(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  @Override
  public String uriOf(String key) {
    return pathOf(key).toUri().toString();
  }

  private Path pathOf(String key) {
    if (key == null || key.isBlank() || key.startsWith("/")) {
      throw new IllegalArgumentException("artifact key must be a non-empty relative path, got '" + key + "'");
    }
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("artifact key '" + key + "' points outside the store at " + root);
    }
    return path;
  }

  private static Path pathOf(ArtifactRef ref) {
    URI uri = URI.create(ref.uri());
    if (!"file".equals(uri.getScheme())) {
      throw new IllegalArgumentException("a local store reads file: URIs, not " + ref.uri());
    }
    return Path.of(uri);
  }

  private static Path lineagePath(Path artifact) {
    return artifact.resolveSibling(artifact.getFileName() + LineageJson.SUFFIX);
  }
}
