package ai.pretrain.api.artifacts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The artifact store the API serves from; the same environment variables as the worker. */
@ConfigMapping(prefix = "pretrain.store")
public interface StoreConfig {

  /** {@code s3://bucket[/prefix]} or {@code file:///dir}; unset means the worker's default directory. */
  Optional<String> uri();

  /** S3/MinIO endpoint; AWS's regional endpoint when unset. */
  Optional<String> s3Endpoint();

  Optional<String> s3AccessKey();

  Optional<String> s3SecretKey();

  @WithDefault("us-east-1")
  String s3Region();
}
