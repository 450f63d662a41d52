package ai.pretrain.storage;

import java.nio.file.Path;

/**
 * A user's source object or prefix that {@link SourcePolicy} accepted: an {@code s3://bucket/key} in an allowed
 * bucket, or a {@code file://} path under a directory the operator opened. Only the policy makes one, so holding one
 * means the URI was checked.
 */
public final class SourceLocation {

  private final String uri;
  private final String bucket;
  private final String key;
  private final Path path;

  private SourceLocation(String uri, String bucket, String key, Path path) {
    this.uri = uri;
    this.bucket = bucket;
    this.key = key;
    this.path = path;
  }

  static SourceLocation s3(String bucket, String key) {
    return new SourceLocation("s3://" + bucket + "/" + key, bucket, key, null);
  }

  static SourceLocation file(Path path, boolean prefix) {
    String uri = path.toUri().toString();
    if (prefix && !uri.endsWith("/")) {
      uri += "/";
    }
    return new SourceLocation(uri, null, null, path);
  }

  /** The location of an object found under this prefix ({@code key} is relative to the bucket or the file system). */
  SourceLocation child(String childKey, Path childPath) {
    return childPath == null ? s3(bucket, childKey) : file(childPath, false);
  }

  /** The normalized URI, {@code s3://bucket/key} or {@code file:///path}. */
  public String uri() {
    return uri;
  }

  /** Whether the URI names every object under it (it ends with {@code /}) rather than one object. */
  public boolean isPrefix() {
    return uri.endsWith("/");
  }

  /** Whether this is an object in S3/MinIO (else a local file). */
  public boolean isS3() {
    return bucket != null;
  }

  /** The bucket of an S3 location; null for a file. */
  public String bucket() {
    return bucket;
  }

  /** The object key (or key prefix) of an S3 location; null for a file. */
  public String key() {
    return key;
  }

  /** The local path of a file location; null for S3. */
  public Path path() {
    return path;
  }

  /** The last segment of the URI: the object's file name, or the prefix's folder name. */
  public String name() {
    String trimmed = isPrefix() ? uri.substring(0, uri.length() - 1) : uri;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return uri;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SourceLocation that && uri.equals(that.uri);
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }
}
