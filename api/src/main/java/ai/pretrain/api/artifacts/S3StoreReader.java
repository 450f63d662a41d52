package ai.pretrain.api.artifacts;

import io.minio.ComposeObjectArgs;
import io.minio.ComposeSource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code s3://bucket/key} objects of one bucket and key prefix with the MinIO client. */
final class S3StoreReader implements StoreReader {

  private final MinioClient client;
  private final String bucket;
  private final String prefix;

  S3StoreReader(MinioClient client, String bucket, String prefix) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix.replaceAll("^/+|/+$", "");
  }

  @Override
  public boolean contains(String uri) {
    String root = "s3://" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/");
    if (!uri.startsWith(root) || uri.length() == root.length()) {
      return false;
    }
    for (String segment : objectName(uri).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<Long> size(String uri) throws IOException {
    try {
      return Optional.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(objectName(uri)).build())
          .size());
    } catch (ErrorResponseException e) {
      if (missing(e)) {
        return Optional.empty();
      }
      throw new IOException("stat " + uri + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IOException("stat " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(String uri, long offset, long length) throws IOException {
    try {
      return client.getObject(GetObjectArgs.builder().bucket(bucket).object(objectName(uri))
          .offset(offset).length(length).build());
    } catch (Exception e) {
      throw new IOException("read " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> readSmall(String uri) throws IOException {
    try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(objectName(uri)).build())) {
      return Optional.of(in.readAllBytes());
    } catch (ErrorResponseException e) {
      if (missing(e)) {
        return Optional.empty();
      }
      throw new IOException("read " + uri + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("read " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String uriOf(String key) {
    return "s3://" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/") + key;
  }

  @Override
  public List<String> list(String uriPrefix) throws IOException {
    try {
      List<String> uris = new ArrayList<>();
      for (Result<Item> item : client.listObjects(
          ListObjectsArgs.builder().bucket(bucket).prefix(objectName(uriPrefix)).recursive(true).build())) {
        uris.add("s3://" + bucket + "/" + item.get().objectName());
      }
      return uris.stream().sorted().toList();
    } catch (Exception e) {
      throw new IOException("list " + uriPrefix + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(String uri, byte[] content) throws IOException {
    try {
      client.putObject(PutObjectArgs.builder().bucket(bucket).object(objectName(uri))
          .stream(new ByteArrayInputStream(content), content.length, -1).contentType("application/json").build());
    } catch (Exception e) {
      throw new IOException("write " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean create(String uri, byte[] content) throws IOException {
    try {
      client.putObject(PutObjectArgs.builder().bucket(bucket).object(objectName(uri))
          .stream(new ByteArrayInputStream(content), content.length, -1).contentType("application/json")
          .headers(Map.of("If-None-Match", "*")).build());
      return true;
    } catch (ErrorResponseException e) {
      String code = e.errorResponse().code();
      // 412 when the object exists; 409 when a concurrent conditional write to the same name is in flight.
      if ("PreconditionFailed".equals(code) || "ConditionalRequestConflict".equals(code)) {
        return false;
      }
      throw new IOException("create " + uri + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IOException("create " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void copy(String from, String to) throws IOException {
    try {
      // Compose copies in parts server-side, so objects over S3's 5 GiB single-copy limit copy too.
      client.composeObject(ComposeObjectArgs.builder().bucket(bucket).object(objectName(to))
          .sources(List.of(ComposeSource.builder().bucket(bucket).object(objectName(from)).build())).build());
    } catch (Exception e) {
      throw new IOException("copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String uri) throws IOException {
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(objectName(uri)).build());
    } catch (Exception e) {
      throw new IOException("delete " + uri + ": " + e.getMessage(), e);
    }
  }

  private String objectName(String uri) {
    return uri.substring(("s3://" + bucket + "/").length());
  }

  private static boolean missing(ErrorResponseException e) {
    String code = e.errorResponse().code();
    return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NoSuchBucket".equals(code);
  }
}
