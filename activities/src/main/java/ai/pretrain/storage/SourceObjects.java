package ai.pretrain.storage;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a user's source data (datasets, corpora, checkpoint folders) where {@link SourcePolicy} allows it: S3/MinIO
 * objects through the MinIO client of the configured endpoint, and local files under the operator's directories.
 * Stat gives an object's identity, open streams its bytes, list finds every object under a prefix. A missing object
 * is a {@link NoSuchFileException} naming its URI; an unreachable store a {@link StorageUnavailableException}.
 */
public final class SourceObjects {

  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject", "NotFound");
  private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId");

  private final MinioClient client;
  private final SourcePolicy policy;

  /** Reads through {@code client} (null where no S3 endpoint is configured) what {@code policy} allows. */
  public SourceObjects(MinioClient client, SourcePolicy policy) {
    this.client = client;
    this.policy = policy;
  }

  /** The reader of a process configured by {@code env}: the artifact store's S3 settings and the policy's lists. */
  public static SourceObjects fromEnvironment(Map<String, String> env) {
    SourcePolicy policy = SourcePolicy.fromEnvironment(env);
    boolean s3 = env.getOrDefault(ArtifactStores.STORE_URI, "").trim().startsWith("s3://")
        || !env.getOrDefault(ArtifactStores.S3_ENDPOINT, "").isBlank();
    // an endpoint without credentials (a directory store beside a stray S3_ENDPOINT) reads no S3 data rather than
    // stopping the process that would never have read any
    boolean credentials = !env.getOrDefault(ArtifactStores.S3_ACCESS_KEY, "").isBlank();
    return new SourceObjects(s3 && credentials ? ArtifactStores.s3Client(env) : null, policy);
  }

  public SourcePolicy policy() {
    return policy;
  }

  /** Checks {@code uri} against the policy; {@code field} names it in the refusal. */
  public SourceLocation locate(String field, String uri) {
    return policy.check(field, uri);
  }

  /** The identity of the object at {@code location}; {@link NoSuchFileException} when there is none. */
  public SourceIdentity stat(SourceLocation location) throws IOException {
    if (!location.isS3()) {
      Path path = location.path();
      if (!Files.isRegularFile(path)) {
        throw new NoSuchFileException(location.uri());
      }
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return new SourceIdentity(location.uri(), "mtime-" + attributes.lastModifiedTime().toMillis(),
          attributes.size(), null);
    }
    try {
      StatObjectResponse stat =
          s3().statObject(StatObjectArgs.builder().bucket(location.bucket()).object(location.key()).build());
      return new SourceIdentity(location.uri(), stripQuotes(stat.etag()), stat.size(), stat.versionId());
    } catch (Exception e) {
      throw translate(e, location);
    }
  }

  /** The bytes of the object at {@code location}, streamed; the caller closes the stream. */
  public InputStream open(SourceLocation location) throws IOException {
    if (!location.isS3()) {
      if (!Files.isRegularFile(location.path())) {
        throw new NoSuchFileException(location.uri());
      }
      return Files.newInputStream(location.path());
    }
    try {
      return s3().getObject(GetObjectArgs.builder().bucket(location.bucket()).object(location.key()).build());
    } catch (Exception e) {
      throw translate(e, location);
    }
  }

  /** The bytes of {@code identity}'s object, failing if it changed since it was stat'ed (where the store can tell). */
  public InputStream open(SourceLocation location, SourceIdentity identity) throws IOException {
    if (!location.isS3()) {
      SourceIdentity now = stat(location);
      if (!now.equals(identity)) {
        throw new SourceChangedException(identity, now);
      }
      return open(location);
    }
    return get(location, identity, GetObjectArgs.builder());
  }

  /**
   * {@code length} bytes of {@code identity}'s object from {@code offset}, by a ranged GET, failing if the object
   * changed since it was stat'ed: for small parts such as a Parquet footer, read without downloading the object.
   */
  public byte[] read(SourceLocation location, SourceIdentity identity, long offset, int length) throws IOException {
    if (!location.isS3()) {
      try (InputStream in = open(location, identity)) {
        in.skipNBytes(offset);
        return in.readNBytes(length);
      }
    }
    try (InputStream in = get(location, identity, GetObjectArgs.builder().offset(offset).length((long) length))) {
      return in.readAllBytes();
    }
  }

  /** The object of {@code identity} in the S3 store, as it was stat'ed (its ETag and version), through {@code get}. */
  private InputStream get(SourceLocation location, SourceIdentity identity, GetObjectArgs.Builder get)
      throws IOException {
    try {
      get.bucket(location.bucket()).object(location.key()).matchETag(identity.etag());
      if (identity.versionId() != null) {
        get.versionId(identity.versionId());
      }
      return s3().getObject(get.build());
    } catch (ErrorResponseException e) {
      if ("PreconditionFailed".equals(e.errorResponse().code())) {
        throw new SourceChangedException(identity, stat(location));
      }
      throw translate(e, location);
    } catch (Exception e) {
      throw translate(e, location);
    }
  }

  /**
   * Every object under the prefix {@code location} (recursively), sorted by URI; an empty list where there is none.
   * S3 "folder" marker objects (keys ending in /) are left out.
   */
  public List<SourceIdentity> list(SourceLocation location) throws IOException {
    if (!location.isPrefix()) {
      throw new IllegalArgumentException(location.uri() + " is an object, not a prefix ending in /");
    }
    List<SourceIdentity> found = new ArrayList<>();
    if (!location.isS3()) {
      if (!Files.isDirectory(location.path())) {
        return found;
      }
      try (Stream<Path> files = Files.walk(location.path())) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          found.add(stat(location.child(null, file)));
        }
      }
    } else {
      try {
        for (Result<Item> result : s3().listObjects(ListObjectsArgs.builder().bucket(location.bucket())
            .prefix(location.key()).recursive(true).build())) {
          Item item = result.get();
          if (!item.isDir() && !item.objectName().endsWith("/")) {
            found.add(new SourceIdentity("s3://" + location.bucket() + "/" + item.objectName(),
                stripQuotes(item.etag()), item.size(), item.versionId()));
          }
        }
      } catch (Exception e) {
        throw translate(e, location);
      }
    }
    found.sort(Comparator.comparing(SourceIdentity::uri));
    return found;
  }

  /** The checked location of an object that {@link #list} found under {@code prefix}. */
  public SourceLocation member(SourceLocation prefix, SourceIdentity object) {
    if (!object.uri().startsWith(prefix.uri())) {
      throw new IllegalArgumentException(object.uri() + " is not under " + prefix.uri());
    }
    return prefix.isS3() ? prefix.child(object.uri().substring(("s3://" + prefix.bucket() + "/").length()), null)
        : prefix.child(null, Path.of(java.net.URI.create(object.uri())));
  }

  /** Whether the object or (for a prefix) at least one object exists. */
  public boolean exists(SourceLocation location) throws IOException {
    if (location.isPrefix()) {
      return !list(location).isEmpty();
    }
    try {
      stat(location);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private MinioClient s3() {
    if (client == null) {
      throw new IllegalStateException("no S3 endpoint is configured; set S3_ENDPOINT and the S3_* credentials");
    }
    return client;
  }

  private static String stripQuotes(String etag) {
    return etag == null ? null : etag.replace("\"", "");
  }

  /**
   * The exception to throw for a failed store call: a missing or forbidden object as an {@link IOException} the
   * caller reports; an unreachable store is thrown here as {@link StorageUnavailableException}, worth a retry.
   */
  private static IOException translate(Exception e, SourceLocation location) {
    if (e instanceof ErrorResponseException response) {
      String code = response.errorResponse().code();
      if (MISSING.contains(code)) {
        return new NoSuchFileException(location.uri(), null, code);
      }
      if (DENIED.contains(code)) {
        return new java.nio.file.AccessDeniedException(location.uri(), null,
            code + ": the platform's S3 credentials may not read it");
      }
      if (response.response() != null && response.response().code() < 500) {
        return new IOException("could not read " + location.uri() + ": " + code + " "
            + response.errorResponse().message(), e);
      }
    }
    if (e instanceof IOException io) {
      throw new StorageUnavailableException("could not read " + location.uri() + ": " + io, io);
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw new StorageUnavailableException("could not read " + location.uri() + ": " + e, e);
  }
}
