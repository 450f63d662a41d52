package ai.pretrain.storage;

import io.minio.MinioClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** Chooses and builds the artifact store a process uses, from its environment variables. */
public final class ArtifactStores {

  /** {@code s3://bucket[/prefix]} or {@code file:///dir}; unset means a directory under the user's cache. */
  public static final String STORE_URI = "PRETRAIN_STORE_URI";

  public static final String S3_ENDPOINT = "S3_ENDPOINT";
  public static final String S3_ACCESS_KEY = "S3_ACCESS_KEY";
  public static final String S3_SECRET_KEY = "S3_SECRET_KEY";
  public static final String S3_REGION = "S3_REGION";

  private ArtifactStores() {}

  /** The store named by {@code env} (usually {@link System#getenv()}). */
  public static ArtifactStore fromEnvironment(Map<String, String> env) {
    String configured = env.get(STORE_URI);
    URI uri =
        isBlank(configured)
            ? Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache", "pretrain", "artifacts")
                .toUri()
            : URI.create(configured.trim());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    return switch (scheme) {
      case "file" -> new LocalArtifactStore(Path.of(uri));
      case "s3" -> s3(uri, env);
      default ->
          throw new IllegalArgumentException(
              STORE_URI + " must be s3://bucket[/prefix] or file:///dir, got '" + configured + "'");
    };
  }

  private static MinioArtifactStore s3(URI uri, Map<String, String> env) {
    String bucket = uri.getAuthority();
    if (isBlank(bucket)) {
      throw new IllegalArgumentException(STORE_URI + " names no bucket: '" + uri + "'; use s3://bucket[/prefix]");
    }
    String prefix = uri.getPath() == null ? "" : uri.getPath();
    return new MinioArtifactStore(s3Connection(env), bucket, prefix);
  }

  /** A client of the configured S3 endpoint (AWS's regional one when {@value #S3_ENDPOINT} is unset). */
  public static MinioClient s3Client(Map<String, String> env) {
    return s3Connection(env).client();
  }

  /** The configured S3 endpoint and credentials. */
  public static S3Connection s3Connection(Map<String, String> env) {
    return new S3Connection(env.get(S3_ENDPOINT), required(env, S3_ACCESS_KEY), required(env, S3_SECRET_KEY),
        env.get(S3_REGION));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (isBlank(value)) {
      throw new IllegalArgumentException(
          env.get(STORE_URI) + " is an S3 store, so set " + name + " (and the other S3_* variables)");
    }
    return value;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
