package ai.pretrain.huggingface;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.spec.CheckpointSpec;
import ai.pretrain.artifact.Sha256;
import ai.pretrain.storage.SourceIdentity;
import ai.pretrain.storage.SourceLocation;
import ai.pretrain.storage.SourceObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Hugging Face checkpoint folder in the user's bucket, read through {@link SourceObjects} (so the same URI policy as
 * for datasets applies) into a local directory: the three files it must hold and the tokenizer files it may hold,
 * each with its sha256, which go into the import's cache key and lineage like any input.
 */
public final class CheckpointFolder implements AutoCloseable {

  /** The spec field every refusal names. */
  public static final String FIELD = "pretrain.from.uri";

  private final Map<String, ArtifactRef> files;
  private final Path directory;

  private CheckpointFolder(Map<String, ArtifactRef> files, Path directory) {
    this.files = files;
    this.directory = directory;
  }

  /**
   * Downloads the folder into a temporary directory that {@link #close} deletes; a refused URI or a missing required
   * file is an {@link IllegalArgumentException} naming {@link #FIELD}.
   */
  public static CheckpointFolder download(SourceObjects sources, CheckpointSpec from) throws IOException {
    return download(sources, from, CheckpointSpec.FILES);
  }

  /**
   * As {@link #download}, without the weights: config.json and the tokenizer files, all that data prep needs to
   * tokenize for the checkpoint.
   */
  public static CheckpointFolder downloadTokenizer(SourceObjects sources, CheckpointSpec from) throws IOException {
    return download(sources, from, List.of(CheckpointArtifacts.CONFIG_FILE, CheckpointArtifacts.TOKENIZER_FILE));
  }

  private static CheckpointFolder download(SourceObjects sources, CheckpointSpec from, List<String> required)
      throws IOException {
    Path directory = Files.createTempDirectory("checkpoint-");
    try {
      return download(sources, from, required, directory);
    } catch (IOException | RuntimeException e) {
      new CheckpointFolder(Map.of(), directory).close();
      throw e;
    }
  }

  private static CheckpointFolder download(SourceObjects sources, CheckpointSpec from, List<String> required,
      Path directory) throws IOException {
    Map<String, ArtifactRef> files = new LinkedHashMap<>();
    for (String name : required) {
      files.put(name, fetch(sources, from, name, directory, true));
    }
    for (String name : CheckpointSpec.TOKENIZER_EXTRAS) {
      ArtifactRef extra = fetch(sources, from, name, directory, false);
      if (extra != null) {
        files.put(name, extra);
      }
    }
    return new CheckpointFolder(files, directory);
  }

  private static ArtifactRef fetch(SourceObjects sources, CheckpointSpec from, String name, Path directory,
      boolean required) throws IOException {
    SourceLocation location = sources.locate(FIELD, from.file(name));
    SourceIdentity identity;
    try {
      identity = sources.stat(location);
    } catch (NoSuchFileException e) {
      if (!required) {
        return null;
      }
      throw new IllegalArgumentException(FIELD + ": " + missing(sources, from, name));
    }
    Path file = directory.resolve(name);
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = sources.open(location, identity);
        OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
      in.transferTo(out);
    }
    return new ArtifactRef(location.uri(), Sha256.hex(digest), Files.size(file), "checkpoint");
  }

  /**
   * Why the folder lacks {@code name}, with the {@code transformers} call that writes it from what the folder holds
   * instead: weights in shards ({@code model.safetensors.index.json}) or in {@code pytorch_model.bin}, a tokenizer
   * as {@code vocab.txt} (or {@code vocab.json} and {@code merges.txt}) only.
   */
  static String missing(SourceObjects sources, CheckpointSpec from, String name) throws IOException {
    String missing = from.uri() + " has no " + name + "; a Hugging Face folder holds "
        + String.join(", ", CheckpointSpec.FILES) + " (save_pretrained writes them)";
    if (name.equals(CheckpointArtifacts.TOKENIZER_FILE)) {
      return missing + "; a checkpoint with only vocab.txt (or vocab.json and merges.txt) gets one from "
          + "AutoTokenizer.from_pretrained(folder).save_pretrained(folder)";
    }
    if (!name.equals("model.safetensors")) {
      return missing;
    }
    if (exists(sources, from, "model.safetensors.index.json")) {
      return from.uri() + " holds its weights in shards (model.safetensors.index.json); the import reads one "
          + "model.safetensors: merge them with AutoModel.from_pretrained(folder).save_pretrained(folder, "
          + "max_shard_size=\"100GB\")";
    }
    return missing + "; a checkpoint with only pytorch_model.bin converts with "
        + "AutoModel.from_pretrained(folder).save_pretrained(folder, safe_serialization=True)";
  }

  private static boolean exists(SourceObjects sources, CheckpointSpec from, String name) throws IOException {
    try {
      sources.stat(sources.locate(FIELD, from.file(name)));
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Every file read, by name, with its source URI and sha256. */
  public Map<String, ArtifactRef> files() {
    return files;
  }

  /** The local copy of one file. */
  public Path file(String name) {
    if (!files.containsKey(name)) {
      throw new IllegalArgumentException("the checkpoint folder has no " + name);
    }
    return directory.resolve(name);
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
