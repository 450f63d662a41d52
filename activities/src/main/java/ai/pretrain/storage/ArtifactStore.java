package ai.pretrain.storage;

import ai.pretrain.artifact.ArtifactRef;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where stages keep what they produce. Writes stream (never whole files in heap), are published atomically (a reader
 * never sees a half-written object) and carry a lineage manifest beside them; reads verify the sha256.
 */
public interface ArtifactStore {

  /** Uploads a file to {@code key}, hashing it on the way, with its lineage beside it. */
  ArtifactRef put(String key, Path file, String kind, Lineage lineage);

  /** Uploads a small in-memory object (a manifest, a metrics table) to {@code key}, with its lineage beside it. */
  ArtifactRef put(String key, byte[] content, String kind, Lineage lineage);

  /** Downloads to {@code target}; throws {@link ArtifactIntegrityException} if the content's sha256 differs. */
  void download(ArtifactRef ref, Path target);

  /** A stream of the content; the caller closes it. The sha256 is checked when the stream reaches its end. */
  InputStream open(ArtifactRef ref);

  /** The small object at {@code key} (a cache manifest), or empty if there is none. */
  Optional<byte[]> readSmall(String key);

  /**
   * The names directly under a key prefix ending in {@code /}: objects and sub-prefixes alike, without the prefix and
   * without a trailing slash; empty if there are none.
   */
  List<String> children(String prefix);

  /** The lineage manifest stored beside an artifact. */
  Lineage lineage(ArtifactRef ref);

  /** The URI an artifact at {@code key} has in this store. */
  String uriOf(String key);
}
