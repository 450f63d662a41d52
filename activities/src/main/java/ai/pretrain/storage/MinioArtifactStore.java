package ai.pretrain.storage;

import ai.pretrain.artifact.Sha256;
import ai.pretrain.artifact.ArtifactRef;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An artifact store in an S3 or MinIO bucket, under an optional key prefix; URIs are {@code s3://bucket/key}. */
public final class MinioArtifactStore implements ArtifactStore {

  /** Multipart part size: large enough to keep the part count low, small enough to buffer per part. */
  static final long PART_SIZE = 16L * 1024 * 1024;

  /** User metadata key, sent as the {@code x-amz-meta-sha256} header. */
  static final String SHA256_METADATA = "sha256";

  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");
  private static final Set<String> TRANSIENT =
      Set.of("SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "XMinioServerNotInitialized");

  private final MinioClient client;
  private final MultipartUpload uploads;
  private final RangedDownload downloads;
  private final String bucket;
  private final String prefix;
  private volatile boolean bucketReady;

  /** A store writing to {@code bucket} under {@code prefix} ({@code ""} for the bucket root). */
  public MinioArtifactStore(S3Connection connection, String bucket, String prefix) {
    this.client = connection.client();
    this.uploads = new MultipartUpload(connection.asyncClient(), PART_SIZE);
    this.downloads = new RangedDownload(client, PART_SIZE);
    this.bucket = bucket;
    this.prefix = prefix.replaceAll("^/+|/+$", "");
  }

  @Override
  public ArtifactRef put(String key, Path file, String kind, Lineage lineage) {
    String name = objectName(key);
    ensureBucket();
    try {
      long size = Files.size(file);
      // hashed first (a local read, several times faster than the upload), so the sha256 goes into the object's
      // metadata from its creation and the bytes travel once
      String sha256 = sha256(file);
      Map<String, String> metadata = Map.of(SHA256_METADATA, sha256);
      if (size <= PART_SIZE) {
        // a single PUT is atomic in S3
        try (InputStream in = Files.newInputStream(file)) {
          client.putObject(PutObjectArgs.builder().bucket(bucket).object(name).stream(in, size, -1)
              .userMetadata(metadata).build());
        }
      } else {
        uploads.upload(bucket, name, file, size, metadata);
      }
      writeLineage(name, lineage);
      return new ArtifactRef(uri(bucket, name), sha256, size, kind);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no file to store at " + file, e);
    } catch (Exception e) {
      throw translate(e, "store " + file + " as " + uri(bucket, name));
    }
  }

  @Override
  public ArtifactRef put(String key, byte[] content, String kind, Lineage lineage) {
    String name = objectName(key);
    String sha256 = Sha256.of(content);
    ensureBucket();
    try {
      // A single PUT is already atomic in S3, so small objects skip the temporary key.
      putSmall(name, content, Map.of(SHA256_METADATA, sha256));
      writeLineage(name, lineage);
      return new ArtifactRef(uri(bucket, name), sha256, content.length, kind);
    } catch (Exception e) {
      throw translate(e, "store " + uri(bucket, name));
    }
  }

  @Override
  public void download(ArtifactRef ref, Path target) {
    if (ref.sizeBytes() < 2 * PART_SIZE) {
      try (InputStream in = open(ref)) {
        AtomicFiles.write(target, in);
      } catch (IOException e) {
        throw new StorageUnavailableException("could not download " + ref.uri() + " to " + target, e);
      }
      return;
    }
    S3Object object = S3Object.parse(ref.uri());
    try {
      AtomicFiles.publish(target, partial -> {
        String sha256 = downloads.download(object.bucket(), object.name(), ref.sizeBytes(), partial);
        if (!sha256.equals(ref.sha256())) {
          throw new ArtifactIntegrityException(ref.uri() + " has sha256 " + sha256 + " but was written with "
              + ref.sha256());
        }
      });
    } catch (Exception e) {
      throw translate(e, "download " + ref.uri() + " to " + target);
    }
  }

  @Override
  public InputStream open(ArtifactRef ref) {
    S3Object object = S3Object.parse(ref.uri());
    try {
      InputStream content =
          client.getObject(GetObjectArgs.builder().bucket(object.bucket()).object(object.name()).build());
      return new VerifyingInputStream(content, ref.sha256(), ref.uri());
    } catch (Exception e) {
      throw translate(e, "open " + ref.uri());
    }
  }

  @Override
  public Optional<byte[]> readSmall(String key) {
    try {
      return Optional.of(readAll(bucket, objectName(key)));
    } catch (ArtifactNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public Lineage lineage(ArtifactRef ref) {
    S3Object object = S3Object.parse(ref.uri());
    String name = object.name() + LineageJson.SUFFIX;
    return LineageJson.read(readAll(object.bucket(), name), uri(object.bucket(), name));
  }

  @Override
  public List<String> children(String prefix) {
    String folder = objectName(prefix.endsWith("/") ? prefix : prefix + "/");
    try {
      List<String> names = new java.util.ArrayList<>();
      for (io.minio.Result<io.minio.messages.Item> result : client.listObjects(
          io.minio.ListObjectsArgs.builder().bucket(bucket).prefix(folder).recursive(false).build())) {
        String name = result.get().objectName().substring(folder.length());
        names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
      }
      return names.stream().sorted().toList();
    } catch (Exception e) {
      if (e instanceof ArtifactNotFoundException) {
        return List.of();
      }
      throw translate(e, "list " + folder);
    }
  }

  @Override
  public String uriOf(String key) {
    return uri(bucket, objectName(key));
  }

  private void writeLineage(String name, Lineage lineage) throws Exception {
    putSmall(name + LineageJson.SUFFIX, LineageJson.write(lineage), Map.of());
  }

  private void putSmall(String name, byte[] content, Map<String, String> metadata) throws Exception {
    client.putObject(
        PutObjectArgs.builder()
            .bucket(bucket)
            .object(name)
            .stream(new ByteArrayInputStream(content), content.length, -1)
            .userMetadata(metadata)
            .build());
  }

  private byte[] readAll(String bucketName, String name) {
    try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucketName).object(name).build())) {
      return in.readAllBytes();
    } catch (Exception e) {
      throw translate(e, "read " + uri(bucketName, name));
    }
  }

  private void ensureBucket() {
    if (bucketReady) {
      return;
    }
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
      bucketReady = true;
    } catch (ErrorResponseException e) {
      // Another worker created it between our check and our create.
      if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
        throw translate(e, "create bucket " + bucket);
      }
      bucketReady = true;
    } catch (Exception e) {
      throw translate(e, "create bucket " + bucket);
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Sha256.hex(digest);
  }

  private static RuntimeException translate(Exception e, String action) {
    if (e instanceof RuntimeException runtime) {
      return runtime;
    }
    if (e instanceof ErrorResponseException response) {
      String code = response.errorResponse().code();
      if (MISSING.contains(code)) {
        return new ArtifactNotFoundException("could not " + action + ": " + code, e);
      }
      if (TRANSIENT.contains(code) || (response.response() != null && response.response().code() >= 500)) {
        return new StorageUnavailableException("could not " + action + ": " + code, e);
      }
      return new IllegalStateException(
          "could not " + action + ": " + code + " " + response.errorResponse().message(), e);
    }
    if (e instanceof ServerException || e instanceof InvalidResponseException || e instanceof IOException) {
      // Unreachable endpoint, dropped connection, 5xx, or a proxy answering in HTML: all worth a retry.
      return new StorageUnavailableException("could not " + action + ": " + e, e);
    }
    return new IllegalStateException("could not " + action + ": " + e, e);
  }

  private String objectName(String key) {
    if (key == null || key.isBlank() || key.startsWith("/")) {
      throw new IllegalArgumentException("artifact key must be a non-empty relative path, got '" + key + "'");
    }
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  private static String uri(String bucketName, String name) {
    return "s3://" + bucketName + "/" + name;
  }

  /** The bucket and object name an {@code s3://} URI points at. */
  private record S3Object(String bucket, String name) {

    static S3Object parse(String uri) {
      if (!uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
        throw new IllegalArgumentException("an S3 store reads s3://bucket/key URIs, not " + uri);
      }
      int slash = uri.indexOf('/', 5);
      return new S3Object(uri.substring(5, slash), uri.substring(slash + 1));
    }
  }
}
