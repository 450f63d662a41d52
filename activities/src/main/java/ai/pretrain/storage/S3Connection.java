package ai.pretrain.storage;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.time.Duration;

/**
 * How the worker and the API reach S3 or MinIO: one endpoint, one set of credentials, the same timeouts. The API
 * fills it from its Quarkus configuration, the worker from its environment; both build their client here.
 */
public record S3Connection(String endpoint, String accessKey, String secretKey, String region) {

  /** Fail fast on an unreachable endpoint so the activity's retry policy, not a socket, decides how long to wait. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Generous, because a 16 MiB part on a slow link takes a while. */
  private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);

  /** A connection; a blank endpoint means AWS's regional one, a blank region {@code us-east-1}. */
  public S3Connection {
    region = region == null || region.isBlank() ? "us-east-1" : region;
    endpoint = endpoint == null || endpoint.isBlank() ? "https://s3." + region + ".amazonaws.com" : endpoint;
  }

  /** A client of this endpoint, with the shared timeouts. */
  public MinioClient client() {
    MinioClient client = MinioClient.builder()
        .endpoint(endpoint)
        .credentials(accessKey, secretKey)
        .region(region)
        .build();
    client.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
    return client;
  }

  /** An asynchronous client of this endpoint, for transfers with several requests in flight; the same timeouts. */
  public MinioAsyncClient asyncClient() {
    MinioAsyncClient client = MinioAsyncClient.builder()
        .endpoint(endpoint)
        .credentials(accessKey, secretKey)
        .region(region)
        .build();
    client.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
    return client;
  }
}
