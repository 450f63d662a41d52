package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.numerics.Permutation;
import ai.pretrain.stage.StageRun;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A series of shards ({@code <prefix>NNN}) that training reads: each is downloaded (sha256 verified) to the stage's
 * workspace once. A series whose features fit {@link #IN_MEMORY_BYTES} is held whole and an epoch is a seeded
 * permutation of all its examples, the best shuffle there is. A larger one is read one shard at a time, at most two
 * in memory (a batch may straddle two): an epoch visits the shards in a seeded order and each shard's examples in a
 * seeded order, so memory is bounded by the shard size, not the data.
 */
public final class ShardSeries {

  /** 192 MiB of features: every built-in dataset's training split (MNIST's is 168 MiB) is shuffled whole. */
  static final long IN_MEMORY_BYTES = 192L << 20;

  private final List<Path> files;
  /** Index of each shard's first example, and the total at the end. */
  private final int[] starts;
  private final int featureCount;
  private final boolean whole;
  private final Map<Integer, ExampleShard> loaded;

  private ShardSeries(List<Path> files, int[] starts, int featureCount, long inMemoryBytes) {
    this.files = files;
    this.starts = starts;
    this.featureCount = featureCount;
    this.whole = (long) size() * featureCount * Float.BYTES <= inMemoryBytes;
    int held = whole ? files.size() : 2;
    this.loaded = new LinkedHashMap<>(4, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, ExampleShard> eldest) {
        return size() > held;
      }
    };
  }

  /** Downloads the shards {@code refs} to the workspace, reading only their headers. */
  public static ShardSeries download(StageRun stage, List<ArtifactRef> refs) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      files.add(stage.download(refs.get(i), "series-" + i + ".ptds"));
    }
    return of(files);
  }

  /** The shard files {@code files}, in order, reading only their headers. */
  static ShardSeries of(List<Path> files) throws IOException {
    return of(files, IN_MEMORY_BYTES);
  }

  /** The shard files {@code files}, held whole when their features fit {@code inMemoryBytes}. */
  static ShardSeries of(List<Path> files, long inMemoryBytes) throws IOException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a shard series needs at least one shard");
    }
    int[] starts = new int[files.size() + 1];
    int featureCount = -1;
    for (int i = 0; i < files.size(); i++) {
      try (DataInputStream header = new DataInputStream(Files.newInputStream(files.get(i)))) {
        if (header.readInt() != ExampleShard.MAGIC) {
          throw new IOException(files.get(i) + " is not an example shard");
        }
        starts[i + 1] = starts[i] + header.readInt();
        int features = header.readInt();
        if (featureCount >= 0 && features != featureCount) {
          throw new IOException(files.get(i) + " has " + features + " features, the series " + featureCount);
        }
        featureCount = features;
      }
    }
    return new ShardSeries(files, starts, featureCount, inMemoryBytes);
  }

  public int size() {
    return starts[starts.length - 1];
  }

  public int featureCount() {
    return featureCount;
  }

  /**
   * One epoch's example order, as indices into the whole series: a seeded permutation of all examples for a series
   * held whole; else the shards in a seeded order, each shard's examples in a seeded order drawn from the same
   * generator.
   */
  public int[] epochOrder(Random random) {
    if (whole) {
      return Permutation.of(size(), random);
    }
    int[] order = new int[size()];
    int at = 0;
    for (int shard : Permutation.of(files.size(), random)) {
      int start = starts[shard];
      for (int local : Permutation.of(starts[shard + 1] - start, random)) {
        order[at++] = start + local;
      }
    }
    return order;
  }

  /** Copies example {@code index}'s features into {@code target} at {@code offset}, reading its shard if need be. */
  public void copyFeatures(int index, float[] target, int offset) throws IOException {
    int shard = shardOf(index);
    ExampleShard examples = loaded.get(shard);
    if (examples == null) {
      try (InputStream in = Files.newInputStream(files.get(shard))) {
        examples = ExampleShard.read(in);
      }
      loaded.put(shard, examples);
    }
    examples.copyFeatures(index - starts[shard], target, offset);
  }

  private int shardOf(int index) {
    int found = java.util.Arrays.binarySearch(starts, index);
    // an exact hit is a shard's first example (data prep writes no empty shard, so starts do not repeat)
    return found >= 0 ? found : -found - 2;
  }
}
