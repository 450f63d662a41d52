package ai.pretrain.api.artifacts;

import ai.pretrain.api.config.ConfigurationProblems;
import ai.pretrain.storage.S3Connection;
import io.minio.MinioClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;

/** Builds the reader for the configured store, as the worker's {@code ArtifactStores} chooses its store. */
public class StoreReaderProducer {

  @Produces
  @Singleton
  StoreReader storeReader(StoreConfig config) {
    URI uri = config.uri().filter(u -> !u.isBlank())
        .map(u -> URI.create(u.trim()))
        .orElseGet(() -> ConfigurationProblems.defaultStore().toUri());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    return switch (scheme) {
      case "file" -> new DirectoryStoreReader(Path.of(uri));
      case "s3" -> s3(uri, config);
      default -> throw new IllegalArgumentException(
          "PRETRAIN_STORE_URI must be s3://bucket[/prefix] or file:///dir, got '" + uri + "'");
    };
  }

  private static S3StoreReader s3(URI uri, StoreConfig config) {
    String bucket = uri.getAuthority();
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("PRETRAIN_STORE_URI names no bucket: '" + uri + "'; use s3://bucket[/prefix]");
    }
    String missing = "PRETRAIN_STORE_URI is an S3 store, so set S3_ACCESS_KEY and S3_SECRET_KEY";
    MinioClient client = new S3Connection(config.s3Endpoint().orElse(null),
        config.s3AccessKey().orElseThrow(() -> new IllegalArgumentException(missing)),
        config.s3SecretKey().orElseThrow(() -> new IllegalArgumentException(missing)), config.s3Region()).client();
    return new S3StoreReader(client, bucket, uri.getPath() == null ? "" : uri.getPath());
  }
}
