package ai.pretrain.storage;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.UploadPartResponse;
import io.minio.messages.Part;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A file uploaded to its final key as one S3 multipart upload with several parts in flight at once, as {@code mc}
 * does: S3 makes the object visible only when the upload completes, so a reader sees all of it or nothing, and every
 * byte is sent once (no temporary key, no server-side copy). Each part is read from the file at its own offset, so
 * the heap holds no part. A failed upload is aborted, leaving no parts behind.
 */
final class MultipartUpload {

  /** Parts in flight at once: enough to keep the connection busy while the server writes, as {@code mc} does. */
  static final int PARTS_IN_FLIGHT = 4;

  private final MinioAsyncClient client;
  private final long partSize;

  MultipartUpload(MinioAsyncClient client, long partSize) {
    this.client = client;
    this.partSize = partSize;
  }

  /** Uploads {@code file} ({@code size} bytes) as {@code bucket}/{@code name} with {@code metadata}. */
  ObjectWriteResponse upload(String bucket, String name, Path file, long size, Map<String, String> metadata)
      throws Exception {
    Multimap<String, String> headers = HashMultimap.create();
    metadata.forEach((key, value) -> headers.put("x-amz-meta-" + key, value));
    headers.put("Content-Type", "application/octet-stream");
    String uploadId = client.createMultipartUploadAsync(bucket, null, name, headers, null).get().result().uploadId();
    try {
      Part[] parts = uploadParts(bucket, name, file, size, uploadId);
      return client.completeMultipartUploadAsync(bucket, null, name, uploadId, parts, null, null).get();
    } catch (Exception e) {
      abortQuietly(bucket, name, uploadId);
      throw unwrap(e);
    }
  }

  private Part[] uploadParts(String bucket, String name, Path file, long size, String uploadId) throws Exception {
    int count = (int) Math.max(1, (size + partSize - 1) / partSize);
    Semaphore inFlight = new Semaphore(PARTS_IN_FLIGHT);
    List<CompletableFuture<UploadPartResponse>> uploads = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        inFlight.acquire();
        long offset = i * partSize;
        long length = Math.min(partSize, size - offset);
        RandomAccessFile part = new RandomAccessFile(file.toFile(), "r");
        CompletableFuture<UploadPartResponse> upload;
        try {
          part.seek(offset);
          upload = client.uploadPartAsync(bucket, null, name, part, length, uploadId, i + 1, null, null);
        } catch (Exception e) {
          part.close();
          inFlight.release();
          throw e;
        }
        uploads.add(upload.whenComplete((response, failure) -> {
          closeQuietly(part);
          inFlight.release();
        }));
        failFast(uploads);
      }
      Part[] parts = new Part[count];
      for (int i = 0; i < count; i++) {
        parts[i] = new Part(i + 1, uploads.get(i).get().etag());
      }
      return parts;
    } finally {
      uploads.forEach(upload -> upload.cancel(true));
    }
  }

  /** Stops sending parts once one has failed. */
  private static void failFast(List<CompletableFuture<UploadPartResponse>> uploads) throws Exception {
    for (CompletableFuture<UploadPartResponse> upload : uploads) {
      if (upload.isCompletedExceptionally()) {
        upload.get();
      }
    }
  }

  private void abortQuietly(String bucket, String name, String uploadId) {
    try {
      client.abortMultipartUploadAsync(bucket, null, name, uploadId, null, null).get();
    } catch (Exception ignored) {
      // the upload's own failure is what the caller needs; an unaborted upload expires under a lifecycle rule
    }
  }

  private static void closeQuietly(RandomAccessFile file) {
    try {
      file.close();
    } catch (java.io.IOException ignored) {
      // read-only: nothing was written that closing could lose
    }
  }

  private static Exception unwrap(Exception e) {
    return e instanceof ExecutionException && e.getCause() instanceof Exception cause ? cause : e;
  }
}
