package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.numerics.Permutation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a shard series whole or block by block: the epoch order, and examples found in the right block. */
class ShardSeriesTest {

  @TempDir Path work;

  @Test
  void oneShardIsReadInTheOrderOfAPermutationOfAllExamples() throws IOException {
    ShardSeries series = ShardSeries.of(shards(37));

    assertArrayEquals(Permutation.of(37, new Random(9)), series.epochOrder(new Random(9)));
  }

  @Test
  void aSeriesThatFitsInMemoryIsShuffledWhole() throws IOException {
    ShardSeries series = ShardSeries.of(shards(10, 10, 10, 7));

    assertArrayEquals(Permutation.of(37, new Random(9)), series.epochOrder(new Random(9)));
  }

  @Test
  void aSeriesOverTheMemoryBoundStreamsThroughASeededShuffleBufferOfBlocksAcrossShards() throws IOException {
    // 37 examples of 2 features are 296 bytes: a 256-byte bound streams them in blocks of 2 examples (256 / 16 / 8)
    ShardSeries series = ShardSeries.of(shards(10, 10, 10, 7), 256);
    int[] blockOf = blocksOf(2, 10, 10, 10, 7);

    int[] order = series.epochOrder(new Random(3));

    assertFalse(series.isWhole());
    assertEquals(37, Arrays.stream(order).distinct().count(), "every example once");
    List<Set<Integer>> buffers = buffers(order, blockOf);
    assertEquals(5, buffers.size(), "19 blocks, 4 to a buffer: " + buffers);
    assertTrue(buffers.stream().anyMatch(blocks -> blocks.stream().map(b -> b / 5).distinct().count() > 1),
        "a buffer mixes blocks of several shards: " + buffers);
    assertArrayEquals(order, series.epochOrder(new Random(3)), "the same seed, the same order");
    assertFalse(Arrays.equals(order, series.epochOrder(new Random(4))), "another seed, another order");
  }

  @Test
  void oneFileOverTheMemoryBoundIsReadInBlocks() throws IOException {
    ShardSeries series = ShardSeries.of(shards(37), 256);
    float[] row = new float[2];

    List<Set<Integer>> buffers = buffers(series.epochOrder(new Random(5)), blocksOf(2, 37));

    assertEquals(5, buffers.size(), "19 blocks of one file, 4 to a buffer: " + buffers);
    for (int index : new int[] {36, 0, 17, 18, 1, 35}) {
      series.copyFeatures(index, row, 0);
      assertArrayEquals(new float[] {index, -index}, row, "example " + index);
      assertEquals(index % 3, series.label(index), "example " + index);
    }
  }

  @Test
  void featuresComeFromTheShardThatHoldsTheExample() throws IOException {
    ShardSeries series = ShardSeries.of(shards(10, 10, 7), 100);
    float[] row = new float[2];

    for (int index : new int[] {0, 9, 10, 19, 20, 26, 3, 15}) {
      series.copyFeatures(index, row, 0);
      assertArrayEquals(new float[] {index, -index}, row, "example " + index);
      assertEquals(index % 3, series.label(index), "example " + index);
    }
  }

  @Test
  void aRegressionSeriesCarriesItsTargets() throws IOException {
    Path file = work.resolve("regression.ptds");
    ExampleShard.regression(new float[] {1, 2, 3, 4, 5, 6}, new float[] {0.5f, -1.5f, 2.5f}, 2).write(file);

    ShardSeries series = ShardSeries.of(List.of(file), 16);

    assertTrue(series.isRegression());
    assertEquals(0, series.classCount());
    assertEquals(2.5f, series.target(2));
    assertEquals(0.5f, series.target(0));
  }

  /**
   * The order cut where the blocks taken so far are used up, at most {@link ShardSeries#BUFFER_BLOCKS} of them (the
   * last buffer fewer): a buffer's examples are exactly those of its blocks; fails when one needs another block.
   */
  private static List<Set<Integer>> buffers(int[] order, int[] blockOf) {
    int blocks = Arrays.stream(blockOf).max().orElseThrow() + 1;
    int[] left = new int[blocks];
    Arrays.stream(blockOf).forEach(block -> left[block]++);
    List<Set<Integer>> buffers = new ArrayList<>();
    Set<Integer> open = new HashSet<>();
    int taken = 0;
    for (int index : order) {
      int block = blockOf[index];
      if (open.add(block)) {
        taken++;
      }
      assertTrue(open.size() <= ShardSeries.BUFFER_BLOCKS, "a buffer of blocks " + open);
      left[block]--;
      boolean full = open.size() == ShardSeries.BUFFER_BLOCKS || taken == blocks;
      if (full && open.stream().allMatch(b -> left[b] == 0)) {
        buffers.add(open);
        open = new HashSet<>();
      }
    }
    assertTrue(open.isEmpty(), "the last buffer is used up: " + open);
    return buffers;
  }

  /** Each example's block, numbered across the series, for shards of {@code sizes} cut in blocks of {@code block}. */
  private static int[] blocksOf(int block, int... sizes) {
    int[] blockOf = new int[Arrays.stream(sizes).sum()];
    int example = 0;
    int blocks = 0;
    for (int size : sizes) {
      for (int i = 0; i < size; i++) {
        blockOf[example++] = blocks + i / block;
      }
      blocks += (size + block - 1) / block;
    }
    return blockOf;
  }

  /** Shards of the given sizes whose examples, numbered across the series, hold (number, -number), class number % 3. */
  private List<Path> shards(int... sizes) throws IOException {
    List<Path> files = new ArrayList<>();
    int number = 0;
    for (int s = 0; s < sizes.length; s++) {
      float[] features = new float[sizes[s] * 2];
      int[] labels = new int[sizes[s]];
      for (int i = 0; i < sizes[s]; i++, number++) {
        features[2 * i] = number;
        features[2 * i + 1] = -number;
        labels[i] = number % 3;
      }
      Path file = work.resolve("shard-" + s + ".ptds");
      new ExampleShard(features, labels, 2, 3).write(file);
      files.add(file);
    }
    return files;
  }
}
