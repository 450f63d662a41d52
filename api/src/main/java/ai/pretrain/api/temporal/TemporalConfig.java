package ai.pretrain.api.temporal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where the Temporal cluster is and how to reach it; read from the same environment variables as the worker. */
@ConfigMapping(prefix = "pretrain.temporal")
public interface TemporalConfig {

  /** gRPC frontend, host:port. */
  @WithDefault("127.0.0.1:7233")
  String address();

  @WithDefault("default")
  String namespace();

  /** Base URL of the Temporal web UI, used to link each run. */
  @WithDefault("http://127.0.0.1:8233")
  String uiUrl();

  /** Client certificate (PEM) for mutual TLS. */
  Optional<String> tlsCert();

  /** Client private key (PKCS#8 PEM) for mutual TLS. */
  Optional<String> tlsKey();

  /** CA bundle (PEM) that signed the server's certificate; the JVM's trust store when absent. */
  Optional<String> tlsCa();

  /** How long a progress query or readiness probe waits; short, so a missing worker never stalls a request. */
  @WithDefault("2s")
  Duration rpcTimeout();

  /**
   * How long a running run's progress (a query its worker answers) is reused for status reads; 0 queries every time.
   */
  @WithDefault("1s")
  Duration progressCacheTtl();

    /** Link to one workflow in the Temporal UI. */
  default String uiLink(String workflowId) {
    return uiUrl().replaceAll("/+$", "") + "/namespaces/" + namespace() + "/workflows/" + workflowId;
  }
}
