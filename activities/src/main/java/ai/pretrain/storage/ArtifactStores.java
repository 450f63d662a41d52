package ai.pretrain.storage;

import io.minio.MinioClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Chooses and builds the artifact store a process uses, from its environment variables. */
public final class ArtifactStores {

  /** {@code s3://bucket[/prefix]} or {@code file:///dir}; unset means a directory under the user's cache. */
  public static final String STORE_URI = "PRETRAIN_STORE_URI";

  public static final String S3_ENDPOINT = "S3_ENDPOINT";
  public static final String S3_ACCESS_KEY = "S3_ACCESS_KEY";
  public static final String S3_SECRET_KEY = "S3_SECRET_KEY";
  public static final String S3_REGION = "S3_REGION";

  /** Fail fast on an unreachable endpoint so the activity's retry policy, not a socket, decides how long to wait. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Generous, because a 16 MiB part on a slow link takes a while. */
  private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);

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
    MinioClient client = s3Client(env);
    String prefix = uri.getPath() == null ? "" : uri.getPath();
    return new MinioArtifactStore(client, bucket, prefix);
  }

  /** A client of the configured S3 endpoint (AWS's regional one when {@value #S3_ENDPOINT} is unset). */
  public static MinioClient s3Client(Map<String, String> env) {
    String region = env.getOrDefault(S3_REGION, "");
    region = isBlank(region) ? "us-east-1" : region;
    String endpoint = env.get(S3_ENDPOINT);
    MinioClient client =
        MinioClient.builder()
            .endpoint(isBlank(endpoint) ? "https://s3." + region + ".amazonaws.com" : endpoint)
            .credentials(required(env, S3_ACCESS_KEY), required(env, S3_SECRET_KEY))
            .region(region)
            .build();
    client.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
    return client;
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
