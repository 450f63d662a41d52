package ai.pretrain.api.config;

import ai.pretrain.api.artifacts.StoreConfig;
import ai.pretrain.api.temporal.TemporalConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every problem with the API's store and Temporal settings, found at once, each naming the variable and the fix. The
 * API cannot serve a run's artifacts or start one without them, so it reports them at start and stays unready.
 */
public final class ConfigurationProblems {

  /** S3's bucket naming rules: 3 to 63 lowercase letters, digits, dots and hyphens, a letter or digit at each end. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  private ConfigurationProblems() {}

  /** The problems of this configuration; {@code defaultStore} is the directory an unset store URI means. */
  public static List<String> of(StoreConfig store, TemporalConfig temporal, Path defaultStore) {
    List<String> problems = new ArrayList<>();
    storeProblems(store, defaultStore, problems);
    temporalProblems(temporal.address(), problems);
    return problems;
  }

  /** The directory the worker and the API use when {@code PRETRAIN_STORE_URI} is unset. */
  public static Path defaultStore() {
    return Path.of(System.getProperty("user.home"), ".cache", "pretrain", "artifacts");
  }

  private static void storeProblems(StoreConfig store, Path defaultStore, List<String> problems) {
    Optional<String> configured = store.uri().map(String::trim).filter(u -> !u.isEmpty());
    if (configured.isEmpty()) {
      if (!Files.isDirectory(defaultStore)) {
        problems.add("PRETRAIN_STORE_URI is unset and its default directory " + defaultStore + " does not exist; set"
            + " it to the store the workers write to (s3://bucket[/prefix] or file:///dir)");
      }
      return;
    }
    URI uri;
    try {
      uri = new URI(configured.get());
    } catch (URISyntaxException e) {
      problems.add("PRETRAIN_STORE_URI '" + configured.get() + "' is not a URI (" + e.getReason()
          + "); use s3://bucket[/prefix] or file:///dir");
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    switch (scheme) {
      case "file" -> {
        if (uri.getPath() == null || !Files.isDirectory(Path.of(uri.getPath()))) {
          problems.add("PRETRAIN_STORE_URI " + uri + " names no existing directory; create it or use the workers'"
              + " store");
        }
      }
      case "s3" -> s3Problems(uri, store, problems);
      default -> problems.add("PRETRAIN_STORE_URI must be s3://bucket[/prefix] or file:///dir, got '"
          + configured.get() + "'");
    }
  }

  private static void s3Problems(URI uri, StoreConfig store, List<String> problems) {
    String bucket = uri.getAuthority();
    if (bucket == null || bucket.isBlank()) {
      problems.add("PRETRAIN_STORE_URI " + uri + " names no bucket; use s3://bucket[/prefix]");
    } else if (!BUCKET.matcher(bucket).matches() || IP_ADDRESS.matcher(bucket).matches() || bucket.contains("..")) {
      problems.add("PRETRAIN_STORE_URI names the bucket '" + bucket + "', which S3 does not allow: use 3 to 63"
          + " lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit");
    }
    store.s3Endpoint().map(String::trim).filter(e -> !e.isEmpty()).ifPresent(endpoint -> {
      if (!isHttpUrl(endpoint)) {
        problems.add("S3_ENDPOINT '" + endpoint + "' is not an http:// or https:// URL with a host; use e.g."
            + " http://minio:9000, or leave it unset for AWS");
      }
    });
    if (store.s3AccessKey().filter(k -> !k.isBlank()).isEmpty()) {
      problems.add("S3_ACCESS_KEY is unset but PRETRAIN_STORE_URI is an S3 store; set it");
    }
    if (store.s3SecretKey().filter(k -> !k.isBlank()).isEmpty()) {
      problems.add("S3_SECRET_KEY is unset but PRETRAIN_STORE_URI is an S3 store; set it");
    }
  }

  private static boolean isHttpUrl(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** gRPC targets are host:port, or a name-resolver URI such as {@code dns:///host:port} that gRPC checks itself. */
  private static void temporalProblems(String address, List<String> problems) {
    String target = address == null ? "" : address.trim();
    if (target.contains(":///")) {
      return;
    }
    int port = -1;
    String host = null;
    try {
      URI uri = new URI("grpc://" + target);
      host = uri.getHost();
      port = uri.getPort();
    } catch (URISyntaxException e) {
      // reported below as not host:port
    }
    if (host == null || port < 1 || port > 65535) {
      problems.add("TEMPORAL_ADDRESS '" + target + "' is not host:port with a port from 1 to 65535; use e.g."
          + " temporal-frontend:7233");
    }
  }
}
