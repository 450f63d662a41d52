package ai.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Reading a shard series one shard at a time: the epoch order, and features found in the right shard. */
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
  void severalShardsOverTheMemoryBoundAreVisitedWholeOneAfterAnotherInASeededOrder() throws IOException {
    // 37 examples of 2 features are 296 bytes: a 100-byte bound makes the series stream
    ShardSeries series = ShardSeries.of(shards(10, 10, 10, 7), 100);

    int[] order = series.epochOrder(new Random(3));

    assertEquals(37, Arrays.stream(order).distinct().count(), "every example once");
    List<Integer> visited = new ArrayList<>();
    List<Integer> runs = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      int shard = order[i] / 10;
      if (i == 0 || shard != order[i - 1] / 10) {
        visited.add(shard);
        runs.add(0);
      }
      runs.set(runs.size() - 1, runs.get(runs.size() - 1) + 1);
    }
    assertEquals(Set.of(0, 1, 2, 3), new HashSet<>(visited), "each shard in one block: " + visited);
    assertEquals(4, visited.size(), "each shard in one block: " + visited);
    for (int block = 0; block < 4; block++) {
      assertEquals(visited.get(block) == 3 ? 7 : 10, runs.get(block), "shard " + visited.get(block) + " whole");
    }
    assertArrayEquals(order, series.epochOrder(new Random(3)), "the same seed, the same order");
  }

  @Test
  void featuresComeFromTheShardThatHoldsTheExample() throws IOException {
    ShardSeries series = ShardSeries.of(shards(10, 10, 7), 100);
    float[] row = new float[2];

    for (int index : new int[] {0, 9, 10, 19, 20, 26, 3, 15}) {
      series.copyFeatures(index, row, 0);
      assertArrayEquals(new float[] {index, -index}, row, "example " + index);
    }
  }

  /** Shards of the given sizes whose examples, numbered across the series, hold (number, -number). */
  private List<Path> shards(int... sizes) throws IOException {
    List<Path> files = new ArrayList<>();
    int number = 0;
    for (int s = 0; s < sizes.length; s++) {
      float[] features = new float[sizes[s] * 2];
      for (int i = 0; i < sizes[s]; i++, number++) {
        features[2 * i] = number;
        features[2 * i + 1] = -number;
      }
      Path file = work.resolve("shard-" + s + ".ptds");
      new ExampleShard(features, new int[sizes[s]], 2, 1).write(file);
      files.add(file);
    }
    return files;
  }
}
