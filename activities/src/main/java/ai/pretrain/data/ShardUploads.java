package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.stage.StageRun;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Uploads written shards on a thread of their own, so the next shard is written while the last one travels to the
 * store; at most one upload waits behind the running one, so the workspace holds at most three shard files. Each file
 * is deleted once stored. The artifacts come back in the order the shards were given.
 */
final class ShardUploads implements AutoCloseable {

  private static final int PENDING = 2;

  private final StageRun stage;
  private final ExecutorService uploader = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "shard-upload");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, Future<ArtifactRef>> uploads = new LinkedHashMap<>();

  ShardUploads(StageRun stage) {
    this.stage = stage;
  }

  /** Stores {@code file} as {@code name}.ptds; waits first while {@link #PENDING} uploads are unfinished. */
  void upload(String name, Path file) throws IOException {
    // one uploader finishes uploads in order: wait for the oldest unfinished ones until fewer than PENDING remain
    for (Future<ArtifactRef> upload : uploads.values()) {
      if (unfinished() < PENDING) {
        break;
      }
      await(upload);
    }
    uploads.put(name, uploader.submit(() -> {
      ArtifactRef ref = stage.upload(name + ".ptds", file, "dataset-shard");
      Files.delete(file);
      return ref;
    }));
  }

  private long unfinished() {
    return uploads.values().stream().filter(upload -> !upload.isDone()).count();
  }

  /** Every shard's artifact, in the order given, once all are stored; the first failed upload's error otherwise. */
  Map<String, ArtifactRef> finish() throws IOException {
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
    for (Map.Entry<String, Future<ArtifactRef>> upload : uploads.entrySet()) {
      artifacts.put(upload.getKey(), await(upload.getValue()));
    }
    return artifacts;
  }

  private static ArtifactRef await(Future<ArtifactRef> upload) throws IOException {
    try {
      return upload.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a shard was uploading");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  /** Stops the uploads still waiting (after a failure) and waits for the running one, so no thread outlives the stage. */
  @Override
  public void close() {
    uploader.shutdownNow();
    try {
      uploader.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
