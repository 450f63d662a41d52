package ai.pretrain.data;

import ai.pretrain.artifact.ArtifactRef;
import ai.pretrain.numerics.Permutation;
import ai.pretrain.stage.StageRun;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Labeled examples in shard files (the training split's {@code <prefix>NNN}, or one file such as the labeled split)
 * that a stage reads with bounded memory: each file is downloaded (sha256 verified) to the stage's workspace once and
 * read in blocks, ranges of examples of at most a sixteenth of {@link #IN_MEMORY_BYTES} of features. A series whose
 * features fit {@link #IN_MEMORY_BYTES} is held whole and an epoch is a seeded permutation of all its examples, the
 * best shuffle there is. A larger one streams through a shuffle buffer of {@link #BUFFER_BLOCKS} blocks: an epoch
 * takes the blocks in a seeded order, {@link #BUFFER_BLOCKS} at a time, and the examples of those blocks together in
 * a seeded order, so memory is bounded by the buffer (and the block that a batch straddling two buffers reads next),
 * not the data. Read in index order (scoring), a larger series reads each block once and keeps the last
 * {@code BUFFER_BLOCKS + 1}.
 */
public final class ShardSeries implements LabeledExamples {

  /** 192 MiB of features: every built-in dataset's training split (MNIST's is 168 MiB) is shuffled whole. */
  public static final long IN_MEMORY_BYTES = 192L << 20;

  /** Blocks shuffled together when a series streams: 48 MiB of features at the default bound. */
  static final int BUFFER_BLOCKS = 4;

  private static final int BLOCKS_PER_BOUND = 16;

  /** Examples {@code from} to {@code from + count} of the shard file {@code file}. */
  private record Block(Path file, int from, int count) {}

  private final List<Block> blocks;
  /** Index of each block's first example, and the total at the end. */
  private final int[] starts;
  private final int featureCount;
  private final int classCount;
  private final boolean whole;
  private final Map<Integer, ExampleShard> loaded;

  private ShardSeries(List<Block> blocks, int featureCount, int classCount, long inMemoryBytes) {
    this.blocks = blocks;
    this.starts = new int[blocks.size() + 1];
    for (int b = 0; b < blocks.size(); b++) {
      starts[b + 1] = starts[b] + blocks.get(b).count();
    }
    this.featureCount = featureCount;
    this.classCount = classCount;
    this.whole = (long) size() * featureCount * Float.BYTES <= inMemoryBytes;
    int held = whole ? blocks.size() : BUFFER_BLOCKS + 1;
    this.loaded = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, ExampleShard> eldest) {
        return size() > held;
      }
    };
  }

  /** Downloads the shards {@code refs} to the workspace, reading only their headers. */
  public static ShardSeries download(StageRun stage, List<ArtifactRef> refs) throws IOException {
    return download(stage, "series", refs, IN_MEMORY_BYTES);
  }

  /**
   * Downloads the shards {@code refs} to the workspace as {@code <name>-<i>.ptds} (a stage that reads several series
   * names each), held whole only when their features fit {@code inMemoryBytes}.
   */
  public static ShardSeries download(StageRun stage, String name, List<ArtifactRef> refs, long inMemoryBytes)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      files.add(stage.download(refs.get(i), name + "-" + i + ".ptds"));
    }
    return of(files, inMemoryBytes);
  }

  /** The shard files {@code files}, in order, reading only their headers. */
  static ShardSeries of(List<Path> files) throws IOException {
    return of(files, IN_MEMORY_BYTES);
  }

  /** The shard files {@code files}, held whole when their features fit {@code inMemoryBytes}. */
  public static ShardSeries of(List<Path> files, long inMemoryBytes) throws IOException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a shard series needs at least one shard");
    }
    List<Block> blocks = new ArrayList<>();
    int featureCount = -1;
    int classCount = -1;
    long total = 0;
    for (Path file : files) {
      try (DataInputStream header = new DataInputStream(Files.newInputStream(file))) {
        if (header.readInt() != ExampleShard.MAGIC) {
          throw new IOException(file + " is not an example shard");
        }
        int count = header.readInt();
        int features = header.readInt();
        int classes = header.readInt();
        if (featureCount >= 0 && (features != featureCount || classes != classCount)) {
          throw new IOException(file + " has " + features + " features and " + classes + " classes, the series "
              + featureCount + " and " + classCount);
        }
        featureCount = features;
        classCount = classes;
        total += count;
        int perBlock = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
            inMemoryBytes / BLOCKS_PER_BOUND / Math.max(1, (long) Float.BYTES * features)));
        for (int from = 0; from < count; from += perBlock) {
          blocks.add(new Block(file, from, Math.min(perBlock, count - from)));
        }
      }
    }
    if (total > Integer.MAX_VALUE) {
      throw new IOException("a shard series holds at most " + Integer.MAX_VALUE + " examples, these " + total);
    }
    return new ShardSeries(blocks, featureCount, classCount, inMemoryBytes);
  }

  @Override
  public int size() {
    return starts[starts.length - 1];
  }

  @Override
  public int featureCount() {
    return featureCount;
  }

  @Override
  public int classCount() {
    return classCount;
  }

  @Override
  public boolean isRegression() {
    return classCount == 0;
  }

  /** Whether the series is held whole (its features fit the memory bound) rather than streamed. */
  public boolean isWhole() {
    return whole;
  }

  /**
   * One epoch's example order, as indices into the whole series: a seeded permutation of all examples for a series
   * held whole; else the blocks in a seeded order, {@link #BUFFER_BLOCKS} at a time, each group's examples in a seeded
   * order drawn from the same generator.
   */
  @Override
  public int[] epochOrder(Random random) {
    if (whole) {
      return Permutation.of(size(), random);
    }
    int[] order = new int[size()];
    int at = 0;
    int[] blockOrder = Permutation.of(blocks.size(), random);
    for (int first = 0; first < blockOrder.length; first += BUFFER_BLOCKS) {
      int last = Math.min(blockOrder.length, first + BUFFER_BLOCKS);
      int buffered = 0;
      for (int b = first; b < last; b++) {
        buffered += blocks.get(blockOrder[b]).count();
      }
      int[] buffer = new int[buffered];
      int filled = 0;
      for (int b = first; b < last; b++) {
        for (int i = starts[blockOrder[b]]; i < starts[blockOrder[b] + 1]; i++) {
          buffer[filled++] = i;
        }
      }
      for (int position : Permutation.of(buffered, random)) {
        order[at++] = buffer[position];
      }
    }
    return order;
  }

  @Override
  public void copyFeatures(int index, float[] target, int offset) {
    int block = blockOf(index);
    load(block).copyFeatures(index - starts[block], target, offset);
  }

  @Override
  public int label(int index) {
    int block = blockOf(index);
    return load(block).label(index - starts[block]);
  }

  @Override
  public float target(int index) {
    int block = blockOf(index);
    return load(block).target(index - starts[block]);
  }

  private ExampleShard load(int block) {
    ExampleShard examples = loaded.get(block);
    if (examples == null) {
      Block range = blocks.get(block);
      try (InputStream in = Files.newInputStream(range.file())) {
        examples = ExampleShard.read(in, range.from(), range.count());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      loaded.put(block, examples);
    }
    return examples;
  }

  private int blockOf(int index) {
    int found = Arrays.binarySearch(starts, index);
    // an exact hit is a block's first example (no block is empty, so starts do not repeat)
    return found >= 0 ? found : -found - 2;
  }
}
