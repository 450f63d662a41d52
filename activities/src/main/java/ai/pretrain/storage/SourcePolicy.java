package ai.pretrain.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which source URIs a run may read, the one rule the API (at submit) and the workers (before reading) both apply:
 * {@code s3://} objects in the artifact store's bucket or a bucket the operator lists in {@value #DATA_BUCKETS}, on
 * the configured S3 endpoint only, and {@code file://} paths only under a directory the operator lists in
 * {@value #DATA_DIRS}. Nothing else: no other scheme, host, port or credentials in a URI, so a spec cannot make the
 * platform contact a host it was not configured with.
 */
public final class SourcePolicy {

  /** Comma-separated buckets, besides the store's own, that specs may read data from. */
  public static final String DATA_BUCKETS = "PRETRAIN_DATA_BUCKETS";

  /** Comma-separated local directories under which {@code file://} data is allowed; unset means no file:// at all. */
  public static final String DATA_DIRS = "PRETRAIN_DATA_DIRS";

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private final boolean s3;
  private final Set<String> buckets;
  private final List<Path> directories;

  /**
   * @param s3 whether an S3 endpoint is configured at all
   * @param buckets the buckets that may be read (the store's and the operator's list)
   * @param directories the local directories under which files may be read
   */
  public SourcePolicy(boolean s3, Set<String> buckets, List<Path> directories) {
    this.s3 = s3;
    this.buckets = Set.copyOf(buckets);
    this.directories = directories.stream().map(d -> d.toAbsolutePath().normalize()).toList();
  }

  /** The policy of a process configured by {@code env}, with the same variables as its artifact store. */
  public static SourcePolicy fromEnvironment(Map<String, String> env) {
    Set<String> buckets = new LinkedHashSet<>();
    String store = env.getOrDefault(ArtifactStores.STORE_URI, "").trim();
    boolean s3 = store.startsWith("s3://") || !env.getOrDefault(ArtifactStores.S3_ENDPOINT, "").isBlank();
    if (store.startsWith("s3://")) {
      buckets.add(URI.create(store).getAuthority());
    }
    buckets.addAll(list(env.get(DATA_BUCKETS)));
    List<Path> directories = list(env.get(DATA_DIRS)).stream().map(Path::of).toList();
    return new SourcePolicy(s3, buckets, directories);
  }

  /** The buckets a spec may name, sorted; for messages. */
  public List<String> buckets() {
    return buckets.stream().sorted().toList();
  }

  /** Whether {@code file://} URIs are enabled on this installation. */
  public boolean allowsFiles() {
    return !directories.isEmpty();
  }

  /** The accepted location of {@code uri}, or a {@link SourceRefusedException} naming {@code field} and why. */
  public SourceLocation check(String field, String uri) {
    if (uri == null || uri.isBlank()) {
      throw new SourceRefusedException(field, "is empty; give an s3://bucket/key URI");
    }
    if (uri.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
      throw new SourceRefusedException(field, "contains control characters or a backslash");
    }
    if (uri.startsWith("s3://")) {
      return s3(field, uri.substring("s3://".length()));
    }
    if (uri.startsWith("file:")) {
      return file(field, uri);
    }
    int colon = uri.indexOf("://");
    String scheme = colon > 0 ? uri.substring(0, colon) + "://" : "a URI without a scheme";
    throw new SourceRefusedException(field, scheme + " is not read by this platform; upload the data with any S3 "
        + "client and give its s3://bucket/key" + (allowsFiles() ? " (or a file:// path under " + dirNames() + ")"
            : ""));
  }

  private SourceLocation s3(String field, String rest) {
    if (!s3) {
      throw new SourceRefusedException(field, "this installation has no S3 endpoint configured (S3_ENDPOINT or an "
          + "s3:// PRETRAIN_STORE_URI); ask the operator, or use a built-in dataset.name");
    }
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (!BUCKET.matcher(bucket).matches()) {
      throw new SourceRefusedException(field, "'" + bucket + "' is not a bucket name (lower-case letters, digits, "
          + "dots and hyphens; no host, port or credentials); write s3://bucket/key");
    }
    if (!buckets.contains(bucket)) {
      throw new SourceRefusedException(field, "bucket '" + bucket + "' is not one this platform reads; allowed: "
          + (buckets.isEmpty() ? "none" : String.join(", ", buckets())) + " (the operator adds buckets with "
          + DATA_BUCKETS + ")");
    }
    if (key.isEmpty()) {
      throw new SourceRefusedException(field, "names a whole bucket; give an object key or a prefix ending in /");
    }
    List<String> segments = Arrays.asList((key.endsWith("/") ? key.substring(0, key.length() - 1) : key)
        .split("/", -1));
    if (key.startsWith("/") || segments.stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
      throw new SourceRefusedException(field, "key '" + key + "' has an empty, '.' or '..' segment");
    }
    return SourceLocation.s3(bucket, key);
  }

  private SourceLocation file(String field, String uri) {
    if (!allowsFiles()) {
      throw new SourceRefusedException(field, "file:// data is not enabled on this installation (the operator "
          + "enables it for chosen directories with " + DATA_DIRS + "); upload the data and give its s3:// URI");
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (java.net.URISyntaxException e) {
      throw new SourceRefusedException(field, "is not a valid file URI: " + e.getReason());
    }
    if (parsed.getRawAuthority() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null
        || parsed.getPath() == null || !parsed.getPath().startsWith("/")) {
      throw new SourceRefusedException(field, "write a local path as file:///absolute/path (no host, query or "
          + "fragment)");
    }
    boolean prefix = parsed.getPath().endsWith("/");
    Path path = Path.of(parsed).toAbsolutePath().normalize();
    if (!underAllowed(path)) {
      throw new SourceRefusedException(field, path + " is outside the directories this platform reads ("
          + dirNames() + ")");
    }
    try {
      // a symbolic link inside an allowed directory must not lead out of it
      if (Files.exists(path) && !underAllowed(path.toRealPath())) {
        throw new SourceRefusedException(field, path + " links outside the directories this platform reads ("
            + dirNames() + ")");
      }
    } catch (IOException e) {
      throw new SourceRefusedException(field, "cannot resolve " + path + ": " + e.getMessage());
    }
    return SourceLocation.file(path, prefix);
  }

  private boolean underAllowed(Path path) {
    for (Path directory : directories) {
      if (path.startsWith(directory)) {
        return true;
      }
      try {
        if (Files.exists(directory) && path.startsWith(directory.toRealPath())) {
          return true;
        }
      } catch (IOException unreadable) {
        // a directory that cannot be resolved admits nothing through its real path
      }
    }
    return false;
  }

  private String dirNames() {
    return String.join(", ", directories.stream().map(Path::toString).toList());
  }

  private static List<String> list(String commaSeparated) {
    List<String> items = new ArrayList<>();
    if (commaSeparated != null) {
      for (String item : commaSeparated.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items;
  }
}
