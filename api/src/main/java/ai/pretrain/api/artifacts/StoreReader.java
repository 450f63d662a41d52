package ai.pretrain.api.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Access to the objects of one artifact store, by URI; URIs outside the store are refused. The API reads, deletes only
 * when a run's artifacts are deleted ({@link ArtifactDeletion}), and writes the model registry's objects.
 */
public interface StoreReader {

  /** Whether {@code uri} names an object inside this store (no other bucket, prefix or directory; no ".." segments). */
  boolean contains(String uri);

  /** The object's size in bytes; empty when it does not exist. */
  Optional<Long> size(String uri) throws IOException;

  /** {@code length} bytes from {@code offset}. */
  InputStream open(String uri, long offset, long length) throws IOException;

  /** A small object read whole (a lineage sidecar); empty when it does not exist. */
  Optional<byte[]> readSmall(String uri) throws IOException;

  /** The URI of the object at {@code key} relative to the store's root. */
  String uriOf(String key);

  /** URIs of every object whose URI starts with {@code uriPrefix}, in name order. */
  List<String> list(String uriPrefix) throws IOException;

  /** Deletes the object; nothing happens when it does not exist. */
  void delete(String uri) throws IOException;

  /** Writes a small object whole (the record of a deleted run). */
  void write(String uri, byte[] content) throws IOException;

  /**
   * Writes a small object only if none exists at {@code uri}, atomically: of concurrent creators exactly one gets
   * {@code true}, and readers never see it half written.
   */
  boolean create(String uri, byte[] content) throws IOException;

  /** Copies an object inside the store (server-side where the store can), replacing any object at {@code to}. */
  void copy(String from, String to) throws IOException;
}
