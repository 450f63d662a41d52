package ai.pretrain.storage;

import ai.pretrain.artifact.Sha256;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An object downloaded with several ranged GETs in flight, each written at its own offset of the file; the heap holds
 * one 1 MiB copy buffer per range in flight, whatever the object's size.
 */
final class RangedDownload {

  static final int RANGES_IN_FLIGHT = 4;
  private static final int COPY_BUFFER = 1 << 20;

  private final MinioClient client;
  private final long rangeSize;

  RangedDownload(MinioClient client, long rangeSize) {
    this.client = client;
    this.rangeSize = rangeSize;
  }

  /**
   * Writes {@code bucket}/{@code name}'s {@code size} bytes into {@code file}, which it creates or truncates, and
   * returns their sha256: each range is hashed, read back from the page cache, as soon as it and every range before it
   * are written, so hashing overlaps the download instead of following it.
   */
  String download(String bucket, String name, long size, Path file) throws Exception {
    int count = (int) Math.max(1, (size + rangeSize - 1) / rangeSize);
    ExecutorService ranges = Executors.newFixedThreadPool(Math.min(RANGES_IN_FLIGHT, count), r -> {
      Thread thread = new Thread(r, "ranged-download");
      thread.setDaemon(true);
      return thread;
    });
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      List<Future<?>> reads = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long offset = i * rangeSize;
        long length = Math.min(rangeSize, size - offset);
        reads.add(ranges.submit(() -> {
          copyRange(bucket, name, offset, length, channel);
          return null;
        }));
      }
      MessageDigest digest = Sha256.newDigest();
      ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
      for (int i = 0; i < count; i++) {
        try {
          reads.get(i).get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
        hash(channel, i * rangeSize, Math.min(rangeSize, size - i * rangeSize), buffer, digest);
      }
      return Sha256.hex(digest);
    } finally {
      ranges.shutdownNow();
    }
  }

  private static void hash(FileChannel channel, long offset, long length, ByteBuffer buffer, MessageDigest digest)
      throws IOException {
    for (long position = offset; position < offset + length; ) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), offset + length - position));
      int read = channel.read(buffer, position);
      if (read < 0) {
        throw new IOException("the download ends at " + position + " of " + (offset + length) + " bytes");
      }
      digest.update(buffer.array(), 0, read);
      position += read;
    }
  }

  private void copyRange(String bucket, String name, long offset, long length, FileChannel channel)
      throws Exception {
    try (InputStream in = client.getObject(
        GetObjectArgs.builder().bucket(bucket).object(name).offset(offset).length(length).build())) {
      byte[] buffer = new byte[COPY_BUFFER];
      long position = offset;
      int read;
      while ((read = in.read(buffer)) > 0) {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
        while (chunk.hasRemaining()) {
          position += channel.write(chunk, position);
        }
      }
      if (position != offset + length) {
        throw new IOException("the range at " + offset + " of " + bucket + "/" + name + " ended after "
            + (position - offset) + " of " + length + " bytes");
      }
    }
  }
}
